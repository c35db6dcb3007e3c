import { largeFont, syncLargeFont } from '../../../behaviors/large-font';
import { loadable } from '../../../behaviors/loadable';
import { createPair } from '../../../services/community';
import { listHouseholds } from '../../../services/households';
import { getChildren, getOrg } from '../../../services/orgs';
import { ROUTES } from '../../../shared/routes';
import { formErrors, toast, toastError, whileBusy } from '../../../utils/feedback';
import { householdItem } from '../../../utils/household-views';
import { dataOf, replace } from '../../../utils/navigate';

interface Choice {
  id: string;
  label: string;
  detail: string;
}

/**
 * 新建结对 (`?orgId=`, a worker's grid or community): pick two households of the org's grids with the registry's
 * own list and name search (typically a newcomer family and a long-time one), add a note, and pair them.
 */
Component({
  behaviors: [largeFont, loadable],
  data: {
    orgId: '',
    grids: [] as { id: string; name: string }[],
    gridIndex: 0,
    q: '',
    results: [] as Choice[],
    searching: false,
    picked: [] as Choice[],
    note: '',
    errors: {} as Record<string, string>,
    saving: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ orgId: query.orgId ?? '' });
      return this.load();
    },

    onShow() {
      syncLargeFont(this);
    },

    /** The grids to choose households from: the org itself when it is a grid, else its grids. */
    async fetch() {
      const org = await getOrg(this.data.orgId);
      const grids =
        org.level === 'grid'
          ? [{ id: org.id, name: org.name }]
          : (await getChildren(org.id)).items
              .filter((o) => o.level === 'grid')
              .map((o) => ({ id: o.id, name: o.name }));
      this.setData({ grids, gridIndex: 0 });
      if (grids.length) await this.search();
      return {};
    },

    onGrid(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ gridIndex: Number(e.detail.value) });
      return this.search();
    },

    onQuery(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ q: e.detail.value });
    },

    /** The households of the chosen grid, by address or found by a member's name. */
    search() {
      const grid = this.data.grids[this.data.gridIndex];
      if (!grid) return undefined;
      return whileBusy(this, 'searching', async () => {
        try {
          const q = this.data.q.trim();
          const page = await listHouseholds({ gridId: grid.id, limit: 20, ...(q ? { q } : {}) });
          const results = page.items.map(householdItem).map((h) => ({
            id: h.id,
            label: h.addressText,
            detail: `${grid.name} · ${h.people}`,
          }));
          this.setData({ results });
        } catch (err) {
          toastError(err);
        }
      });
    },

    pick(e: WechatMiniprogram.BaseEvent) {
      const choice = this.data.results.find((r) => r.id === dataOf(e).id);
      if (!choice || this.data.picked.some((p) => p.id === choice.id)) return;
      if (this.data.picked.length >= 2) {
        toast('已选好两户，请先移除一户');
        return;
      }
      this.setData({ picked: [...this.data.picked, choice] });
    },

    unpick(e: WechatMiniprogram.BaseEvent) {
      this.setData({ picked: this.data.picked.filter((p) => p.id !== dataOf(e).id) });
    },

    onNote(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ note: e.detail.value });
    },

    submit() {
      return whileBusy(this, 'saving', async () => {
        const { orgId, picked, note } = this.data;
        if (picked.length !== 2) {
          toast('请选择两户家庭');
          return;
        }
        try {
          const { id } = await createPair({
            orgId,
            households: picked.map((p) => p.id),
            ...(note.trim() ? { note: note.trim() } : {}),
          });
          replace(ROUTES.pairDetail(id));
        } catch (err) {
          this.setData({ errors: formErrors(err) ?? {} });
        }
      });
    },
  },
});
