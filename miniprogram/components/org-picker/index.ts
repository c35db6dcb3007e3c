import { errorText } from '../../services/cloud';
import { getChildren, getRoots } from '../../services/orgs';
import type { OrgView } from '../../shared/api';
import { ORG_LEVEL_LABELS, type OrgLevel } from '../../shared/orgs';

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
 * Picks a community or a grid by browsing the org tree from the cities down (as 选择社区 does), for any city:
 * emits `select` with `{ id, name, level }`. Used to transfer a request to another community.
 */
Component({
  options: { styleIsolation: 'apply-shared' },
  properties: {},
  data: {
    status: 'loading' as 'loading' | 'ready' | 'error',
    errorText: '',
    trail: [] as Node[],
    current: null as Node | null,
    items: [] as Item[],
  },
  lifetimes: {
    attached() {
      void this.load();
    },
  },
  methods: {
    async load(): Promise<void> {
      this.setData({ status: 'loading' });
      try {
        const current = this.data.current;
        const { items } = current ? await getChildren(current.id) : await getRoots();
        this.setData({
          status: 'ready',
          items: items.map((o) => ({ ...toNode(o), levelLabel: ORG_LEVEL_LABELS[o.level] })),
        });
      } catch (err) {
        this.setData({ status: 'error', errorText: errorText(err) });
      }
    },

    retry() {
      return this.load();
    },

    openItem(e: WechatMiniprogram.BaseEvent) {
      const item = this.data.items[Number(e.currentTarget.dataset.index)];
      if (!item) return undefined;
      const node = { id: item.id, name: item.name, level: item.level };
      if (item.level === 'grid') {
        this.triggerEvent('select', node);
        return undefined;
      }
      const trail = [...this.data.trail, node];
      this.setData({ trail, current: node });
      return this.load();
    },

    /** Back up the trail to entry `index` (-1 = the cities). */
    goUp(e: WechatMiniprogram.BaseEvent) {
      const index = Number(e.currentTarget.dataset.index);
      if (index >= this.data.trail.length - 1) return undefined;
      const trail = this.data.trail.slice(0, index + 1);
      this.setData({ trail, current: trail[trail.length - 1] ?? null });
      return this.load();
    },

    chooseCurrent() {
      const current = this.data.current;
      if (current) this.triggerEvent('select', current);
    },
  },
});
