import { largeFont, syncLargeFont } from '../../behaviors/large-font';
import { loadable } from '../../behaviors/loadable';
import { errorText, isCloudError } from '../../services/errors';
import { claimMember, myHouseholds } from '../../services/households';
import { resolveScene } from '../../services/qr';
import type { DoorCard, HouseholdCard } from '../../shared/api';
import { RELATIONS, RESIDENCIES, labelOf } from '../../shared/households';
import { ROUTES } from '../../shared/routes';
import { householdsSchemas } from '../../shared/schemas/households';
import { toastDone, toastError, whileBusy } from '../../utils/feedback';
import { needsText } from '../../utils/household-views';
import { go, replace } from '../../utils/navigate';
import { claimScene } from '../../utils/scene-routing';
import { validate } from '../../utils/validate';

/** What the door shows, besides loading and error: the public door card, the household card, or the claim form. */
type DoorStatus = 'public' | 'card' | 'claim';

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
  behaviors: [largeFont, loadable],
  data: {
    scene: '',
    /** What is shown once loaded (the page's `status` stays loading/ready/error). */
    shows: 'public' as DoorStatus,
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
      if (scene) claimScene(scene);
      this.setData({ scene });
      if (!scene) wx.setNavigationBarTitle({ title: '我的住户信息' });
      return this.load();
    },

    onShow() {
      syncLargeFont(this);
    },

    /** Without a scene, the user's own household card; with one, what this user may see of that door. */
    async fetch() {
      if (!this.data.scene) {
        const { items } = await myHouseholds();
        return items[0] ? { shows: 'card', card: cardView(items[0]) } : { shows: 'claim', claiming: true };
      }
      const qr = await resolveScene(this.data.scene);
      if (qr.type !== 'household') return { status: 'error', errorText: '这不是门牌二维码' };
      // The grid worker and staff in scope go on to the record.
      if (qr.view.household) {
        replace(ROUTES.householdDetail(qr.id));
        return {};
      }
      if (qr.view.card) return { shows: 'card', card: cardView(qr.view.card), door: qr.view.public };
      return { shows: 'public', door: qr.view.public };
    },

    startClaim() {
      this.setData({ claiming: true });
    },

    onCode(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ code: e.detail.value, codeError: '' });
    },

    /** Links the user to their member record with the grid worker's code; then their household card shows. */
    claim() {
      const checked = validate(householdsSchemas.claim, { code: this.data.code });
      if (!checked.ok) {
        this.setData({ codeError: checked.errors.code ?? '认领码无效' });
        return undefined;
      }
      return whileBusy(this, 'busy', async () => {
        try {
          const card = await claimMember(checked.value.code);
          this.setData({ shows: 'card', card: cardView(card), claiming: false, code: '' });
          toastDone('认领成功');
        } catch (err) {
          if (isCloudError(err, 'NOT_FOUND') || isCloudError(err, 'FAILED_PRECONDITION'))
            this.setData({ codeError: errorText(err) });
          else toastError(err);
        }
      });
    },

    /** A request to this door's grid (its grid is public: the same as the notice board's code). */
    fileRequest() {
      go(ROUTES.requestNew({ orgId: this.data.card?.gridId ?? this.data.door?.gridId }));
    },
  },
});
