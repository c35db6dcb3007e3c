import { largeFont, syncLargeFont } from '../../behaviors/large-font';
import { errorText, isCloudError } from '../../services/cloud';
import { claimMember, myHouseholds } from '../../services/households';
import { resolveScene } from '../../services/qr';
import { takePendingScene } from '../../services/scene';
import type { DoorCard, HouseholdCard } from '../../shared/api';
import { RELATIONS, RESIDENCIES, labelOf } from '../../shared/households';
import { householdsSchemas } from '../../shared/schemas/households';
import { HOUSEHOLD_URLS, needsText } from '../../utils/household-views';
import { REQUEST_URLS } from '../../utils/request-views';
import { appData } from '../../utils/session';
import { validate } from '../../utils/validate';

type Status = 'loading' | 'public' | 'card' | 'claim' | 'error';

interface CardView {
  address: string;
  gridId: string;
  gridName: string;
  worker: { name: string; phone: string } | null;
  members: { memberId: string; name: string; detail: string; self: boolean }[];
  me: { name: string; idNumber: string; phone: string; residency: string; needs: string };
}

function cardView(c: HouseholdCard): CardView {
  return {
    address: c.address,
    gridId: c.gridId,
    gridName: c.gridName,
    worker: c.gridWorker ?? null,
    members: c.members.map((m) => ({
      memberId: m.memberId,
      name: m.name,
      detail: [m.relation ? labelOf(RELATIONS, m.relation) : '', m.ethnicityName].filter(Boolean).join(' · '),
      self: m.self,
    })),
    me: {
      name: c.me.name,
      idNumber: c.me.idNumber ?? '',
      phone: c.me.phone ?? '',
      residency: labelOf(RESIDENCIES, c.me.residency),
      needs: needsText(c.me.needs),
    },
  };
}

/**
 * 门牌 (`?scene=` of a door code, or no scene: "我的住户信息"). What a scan shows depends on who scans: the grid
 * worker and staff in scope go on to the household's record; a resident who claimed their member record sees their
 * household card; anyone else sees the address and the grid worker's card, and may claim with a code from the grid
 * worker if they live there. Nothing about the people of a household is shown to anyone else.
 */
Component({
  behaviors: [largeFont],
  data: {
    largeFont: false,
    status: 'loading' as Status,
    errorText: '',
    scene: '',
    door: null as DoorCard | null,
    card: null as CardView | null,
    claiming: false,
    code: '',
    codeError: '',
    busy: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const scene = query.scene ? decodeURIComponent(query.scene) : '';
      // The same code also reached App.onLaunch: handled here, so that the next tab page does not open it again.
      if (scene && appData().pendingScene === scene) takePendingScene();
      this.setData({ scene });
      if (!scene) wx.setNavigationBarTitle({ title: '我的住户信息' });
      return this.load();
    },

    onShow() {
      syncLargeFont(this);
    },

    async onPullDownRefresh(): Promise<void> {
      await this.load();
      wx.stopPullDownRefresh();
    },

    async load(): Promise<void> {
      this.setData({ status: 'loading' });
      try {
        if (!this.data.scene) {
          const { items } = await myHouseholds();
          this.setData(items[0] ? { status: 'card', card: cardView(items[0]) } : { status: 'claim', claiming: true });
          return;
        }
        const qr = await resolveScene(this.data.scene);
        if (qr.type !== 'household') {
          this.setData({ status: 'error', errorText: '这不是门牌二维码' });
          return;
        }
        if (qr.view.household) {
          wx.redirectTo({ url: HOUSEHOLD_URLS.detail(qr.id) });
          return;
        }
        if (qr.view.card) this.setData({ status: 'card', card: cardView(qr.view.card), door: qr.view.public });
        else this.setData({ status: 'public', door: qr.view.public });
      } catch (err) {
        this.setData({ status: 'error', errorText: errorText(err) });
      }
    },

    retry() {
      return this.load();
    },

    startClaim() {
      this.setData({ claiming: true });
    },

    onCode(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ code: e.detail.value, codeError: '' });
    },

    /** Links the user to their member record with the grid worker's code; then their household card shows. */
    async claim(): Promise<void> {
      if (this.data.busy) return;
      const checked = validate(householdsSchemas.claim, { code: this.data.code });
      if (!checked.ok) {
        this.setData({ codeError: checked.errors.code ?? '认领码无效' });
        return;
      }
      this.setData({ busy: true });
      try {
        const card = await claimMember(checked.value.code);
        this.setData({ status: 'card', card: cardView(card), claiming: false, code: '' });
        wx.showToast({ title: '认领成功', icon: 'success' });
      } catch (err) {
        if (isCloudError(err, 'NOT_FOUND') || isCloudError(err, 'FAILED_PRECONDITION'))
          this.setData({ codeError: errorText(err) });
        else wx.showToast({ title: errorText(err), icon: 'none' });
      } finally {
        this.setData({ busy: false });
      }
    },

    /** A request to this door's grid (its grid is public: the same as the notice board's code). */
    fileRequest() {
      const gridId = this.data.card?.gridId ?? this.data.door?.gridId;
      wx.navigateTo({
        url: gridId ? `${REQUEST_URLS.create}?orgId=${encodeURIComponent(gridId)}` : REQUEST_URLS.create,
      });
    },
  },
});
