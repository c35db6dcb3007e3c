import { largeFont, syncLargeFont } from '../../behaviors/large-font';
import { errorText } from '../../services/cloud';
import { getChildren, getOrg, getRoots } from '../../services/orgs';
import { PAGES } from '../../services/scene';
import { setHome } from '../../services/users';
import type { OrgView } from '../../shared/api';
import { ORG_LEVEL_LABELS, type OrgLevel } from '../../shared/orgs';
import { markHomeChanged } from '../../utils/session';

type Status = 'loading' | 'ready' | 'error';

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
 * 选择社区: browse the org tree from the cities (or from `?orgId=`, e.g. a street's QR code or the home page's
 * "选择网格") down to a community or a grid, and make it the user's home.
 */
Component({
  behaviors: [largeFont],
  data: {
    largeFont: false,
    status: 'loading' as Status,
    errorText: '',
    /** From the top to the node whose children are listed; empty = the cities. */
    trail: [] as Node[],
    current: null as Node | null,
    items: [] as Item[],
    choosing: false,
    /** The `?orgId=` to open at, until that worked. */
    startId: '',
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>): Promise<void> {
      syncLargeFont(this);
      if (query.orgId) {
        this.setData({ startId: query.orgId });
        await this.startAt(query.orgId);
      } else await this.load();
    },

    onShow() {
      syncLargeFont(this);
    },

    async onPullDownRefresh(): Promise<void> {
      await this.load();
      wx.stopPullDownRefresh();
    },

    /** Opens the tree at an org, with the trail of its ancestors (read from its path). */
    async startAt(orgId: string): Promise<void> {
      this.setData({ status: 'loading' });
      try {
        const org = await getOrg(orgId);
        const ancestorIds = org.path.split('/').filter((id) => id && id !== org.id);
        const ancestors = await Promise.all(ancestorIds.map((id) => getOrg(id)));
        const trail = [...ancestors, org].map(toNode);
        if (org.level === 'grid') trail.pop();
        this.setData({ trail, current: trail[trail.length - 1] ?? null, startId: '' });
      } catch (err) {
        this.setData({ status: 'error', errorText: errorText(err) });
        return;
      }
      await this.load();
    },

    /** Lists the children of the current node (the cities at the top). */
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

    /** Retries what failed: opening the tree at `?orgId=`, or listing the current level. */
    retry() {
      return this.data.startId ? this.startAt(this.data.startId) : this.load();
    },

    async openItem(e: WechatMiniprogram.BaseEvent): Promise<void> {
      const item = this.data.items[Number(e.currentTarget.dataset.index)];
      if (!item) return;
      if (item.level === 'grid') {
        await this.choose(item);
        return;
      }
      const trail = [...this.data.trail, { id: item.id, name: item.name, level: item.level }];
      this.setData({ trail, current: trail[trail.length - 1] });
      await this.load();
    },

    /** Back up the trail to entry `index` (-1 = the top). */
    async goUp(e: WechatMiniprogram.BaseEvent): Promise<void> {
      const index = Number(e.currentTarget.dataset.index);
      if (index >= this.data.trail.length - 1) return;
      const trail = this.data.trail.slice(0, index + 1);
      this.setData({ trail, current: trail[trail.length - 1] ?? null });
      await this.load();
    },

    async goBackOne(): Promise<void> {
      const trail = this.data.trail.slice(0, -1);
      this.setData({ trail, current: trail[trail.length - 1] ?? null });
      await this.load();
    },

    chooseCurrent() {
      const current = this.data.current;
      return current ? this.choose(current) : undefined;
    },

    /** Makes a community or grid the user's home and returns to the home page, which reloads. */
    async choose(node: Node): Promise<void> {
      if (this.data.choosing) return;
      this.setData({ choosing: true });
      try {
        const { home } = await setHome(node.id);
        markHomeChanged();
        wx.showToast({ title: `已切换到${home.gridName ?? home.communityName}`, icon: 'none' });
        wx.switchTab({ url: PAGES.home });
      } catch (err) {
        wx.showToast({ title: errorText(err), icon: 'none' });
      } finally {
        this.setData({ choosing: false });
      }
    },
  },
});
