import { loadable } from '../../behaviors/loadable';
import { getChildren, getOrg, getRoots } from '../../services/orgs';
import type { OrgView } from '../../shared/api';
import { ORG_LEVEL_LABELS, type OrgLevel } from '../../shared/orgs';
import { dataOf } from '../../utils/navigate';

interface Node {
  id: string;
  name: string;
  level: OrgLevel;
}

interface Item extends Node {
  levelLabel: string;
}

const toNode = (o: OrgView): Node => ({ id: o.id, name: o.name, level: o.level });

/**
 * Browses the org tree 市 → 区 → 街道 → 社区 → 网格, from the cities or from `start-id` (with the trail of its
 * ancestors), for any city. A grid is picked by tapping it, a community with the button above its grids: both emit
 * `select` with `{ id, name, level }`. Used by 选择社区 and by the transfer dialog.
 */
Component({
  options: { styleIsolation: 'apply-shared' },
  behaviors: [loadable],
  properties: {
    /** Open the tree at this org (a street's code, the grids of a community). */
    startId: { type: String, value: '' },
    /** The page is saving the community chosen with the button. */
    busy: { type: Boolean, value: false },
    /** Under the button that chooses a community. */
    hint: { type: String, value: '' },
    /** In a sheet: the list scrolls within half the screen. */
    compact: { type: Boolean, value: false },
  },
  data: {
    /** From the top to the node whose children are listed; empty = the cities. */
    trail: [] as Node[],
    current: null as Node | null,
    items: [] as Item[],
    /** The trail of `start-id` is known. */
    opened: false,
  },
  lifetimes: {
    attached() {
      void this.load();
    },
  },
  methods: {
    /** The children of the current node (the cities at the top), after finding `start-id`'s trail once. */
    async fetch() {
      if (this.data.startId && !this.data.opened) await this.openAt(this.data.startId);
      const current = this.data.current;
      const { items } = current ? await getChildren(current.id) : await getRoots();
      return { items: items.map((o) => ({ ...toNode(o), levelLabel: ORG_LEVEL_LABELS[o.level] })) };
    },

    /** The trail of an org's ancestors, read from its path; a grid opens at its community. */
    async openAt(orgId: string): Promise<void> {
      const org = await getOrg(orgId);
      const ancestorIds = org.path.split('/').filter((id) => id && id !== org.id);
      const ancestors = await Promise.all(ancestorIds.map((id) => getOrg(id)));
      const trail = [...ancestors, org].map(toNode);
      if (org.level === 'grid') trail.pop();
      this.setData({ trail, current: trail[trail.length - 1] ?? null, opened: true });
    },

    /** Moves to `trail` and lists its last node's children. */
    goTo(trail: Node[]): Promise<void> {
      this.setData({ trail, current: trail[trail.length - 1] ?? null });
      return this.load({ spinner: true });
    },

    openItem(e: WechatMiniprogram.BaseEvent): Promise<void> | undefined {
      const item = this.data.items[Number(dataOf(e).index)];
      if (!item) return undefined;
      const node = { id: item.id, name: item.name, level: item.level };
      if (item.level === 'grid') {
        this.triggerEvent('select', node);
        return undefined;
      }
      return this.goTo([...this.data.trail, node]);
    },

    /** Back up the trail to entry `index` (-1 = the cities). */
    goUp(e: WechatMiniprogram.BaseEvent): Promise<void> | undefined {
      const index = Number(dataOf(e).index);
      if (index >= this.data.trail.length - 1) return undefined;
      return this.goTo(this.data.trail.slice(0, index + 1));
    },

    goBackOne(): Promise<void> {
      return this.goTo(this.data.trail.slice(0, -1));
    },

    chooseCurrent() {
      const current = this.data.current;
      if (current) this.triggerEvent('select', current);
    },
  },
});
