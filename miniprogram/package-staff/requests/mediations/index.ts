import { largeFont, syncLargeFont } from '../../../behaviors/large-font';
import { mapPage, pagedList, type ListQuery } from '../../../behaviors/paged-list';
import { exportMediations, listMediations } from '../../../services/requests';
import type { MediationLedgerItem } from '../../../shared/api';
import { ROUTES } from '../../../shared/routes';
import { openExportFile } from '../../../utils/export';
import { toastError, whileBusy } from '../../../utils/feedback';
import { dataOf, go } from '../../../utils/navigate';

interface LedgerRow {
  id: string;
  date: string;
  orgName: string;
  parties: string;
  agreement: string;
  ethnicDimension: boolean;
  followUpAt: string;
}

/** `YYYY-MM-DD` in China time, as the ledger's months are (whatever the device's zone). */
const chinaDay = (t: number | string) => new Date(new Date(t).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

function ledgerRow(m: MediationLedgerItem): LedgerRow {
  return {
    id: m.requestId,
    date: chinaDay(m.recordedAt),
    orgName: m.orgName,
    parties: m.parties.join('、'),
    agreement: m.agreement,
    ethnicDimension: m.ethnicDimension,
    followUpAt: m.followUpAt ?? '',
  };
}

/** 矛盾纠纷调解台账 (staff, admins): an org subtree's mediation entries of one month, a page at a time, and export. */
Component({
  behaviors: [largeFont, pagedList],
  data: {
    orgId: '',
    month: chinaDay(Date.now()).slice(0, 7),
    thisMonth: chinaDay(Date.now()).slice(0, 7),
    items: [] as LedgerRow[],
    exporting: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ orgId: query.orgId ?? '' });
      return this.load();
    },

    onShow() {
      syncLargeFont(this);
    },

    async fetchPage(query: ListQuery) {
      const { orgId, month } = this.data;
      return mapPage(await listMediations({ ...query, orgId, month }), ledgerRow);
    },

    onMonthChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const month = e.detail.value.slice(0, 7);
      if (month === this.data.month) return undefined;
      this.setData({ month });
      return this.load({ spinner: true });
    },

    openItem(e: WechatMiniprogram.BaseEvent) {
      const id = dataOf(e).id as string | undefined;
      if (id) go(ROUTES.requestDetail(id, { from: 'queue' }));
    },

    /** 导出本月台账: the month's ledger as Excel, opened to share (locally the link is copied). */
    exportLedger() {
      return whileBusy(this, 'exporting', async () => {
        try {
          await openExportFile(await exportMediations(this.data.orgId, this.data.month));
        } catch (err) {
          toastError(err);
        }
      });
    },
  },
});
