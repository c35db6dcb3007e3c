import { largeFont, syncLargeFont } from '../../../behaviors/large-font';
import { loadable } from '../../../behaviors/loadable';
import { endPair, getPair, logPairActivity } from '../../../services/community';
import type { PairView } from '../../../shared/api';
import { PAIR_STATUS_LABELS } from '../../../shared/community';
import { reasonDialog } from '../../../utils/dialogs';
import { formErrors, toastDone, whileBusy } from '../../../utils/feedback';
import { dayToIso, today } from '../../views';

interface Shown {
  pair: PairView;
  statusLabel: string;
  activities: { at: string; note: string; byLabel: string }[];
}

function shown(pair: PairView): Shown {
  return {
    pair,
    statusLabel: PAIR_STATUS_LABELS[pair.status],
    activities: pair.activities.map((a) => ({ at: a.at.slice(0, 10), note: a.note, byLabel: a.byLabel })),
  };
}

/**
 * One pair (`?id=`): both families as the user may see them (a family sees the other as 马家 and its grid), the log
 * of what they did together, and — as `can` allows — 记录活动 and 结束结对.
 */
Component({
  behaviors: [largeFont, loadable],
  data: {
    id: '',
    pair: null as PairView | null,
    statusLabel: '',
    activities: [] as Shown['activities'],
    note: '',
    date: today(),
    maxDate: today(),
    errors: {} as Record<string, string>,
    logging: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '' });
      return this.load();
    },

    onShow() {
      syncLargeFont(this);
    },

    async fetch() {
      return shown(await getPair(this.data.id));
    },

    onNote(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ note: e.detail.value, errors: {} });
    },

    onDate(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ date: e.detail.value });
    },

    /** 记录活动: a visit, a meal, help with papers, on the picked day. */
    logActivity() {
      return whileBusy(this, 'logging', async () => {
        try {
          const pair = await logPairActivity({
            pairId: this.data.id,
            note: this.data.note,
            at: dayToIso(this.data.date),
          });
          this.setData({ ...shown(pair), note: '', errors: {} });
          toastDone('已记录');
        } catch (err) {
          this.setData({ errors: formErrors(err) ?? {} });
        }
      });
    },

    /** 结束结对, with the reason (kept for workers, and in the audit log). */
    async end() {
      const pair = await reasonDialog(this, '#end-dialog').open({
        title: '结束结对',
        notice: '结束后不能再记录活动，记录会保留。',
        label: '原因',
        placeholder: '例如：一方搬离本社区',
        confirmText: '结束结对',
        danger: true,
        maxlength: 200,
        submit: (reason) => endPair(this.data.id, reason),
      });
      if (pair) {
        this.setData(shown(pair));
        toastDone('已结束');
      }
    },
  },
});
