import { largeFont, syncLargeFont } from '../../behaviors/large-font';
import { mapPage, pagedList, type ListQuery } from '../../behaviors/paged-list';
import { listEvents } from '../../services/events';
import { sceneFromOptions } from '../../services/scene';
import { currentMe } from '../../services/session';
import { ROUTES } from '../../shared/routes';
import { eventItem, type EventItem } from '../../utils/event-views';
import { dataOf, go } from '../../utils/navigate';
import { landPendingScene, rememberScene } from '../../utils/scene-routing';

/**
 * 活动: upcoming events of the user's community and of the street, district and city above it (a street-wide 长街宴
 * shows here too), soonest first, with type tags, seats left and the deadline; more as the list scrolls.
 */
Component({
  behaviors: [largeFont, pagedList],
  data: {
    communityName: '',
    items: [] as EventItem[],
    /** Staff and admins get a way to the events they run. */
    manages: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      rememberScene(sceneFromOptions({ scene: query.scene }));
    },

    async onShow(): Promise<void> {
      syncLargeFont(this);
      await landPendingScene('other');
      await this.load();
    },

    /** The home community (none: pick one first) and whether the user runs events. */
    async listScope({ refresh }: { refresh: boolean }) {
      const me = await currentMe({ refresh });
      const manages = me.roles.some((r) => r.role === 'staff' || r.role === 'admin');
      if (!me.home) return { status: 'nohome', manages, communityName: '' };
      return { manages, communityName: me.home.communityName };
    },

    async fetchPage(query: ListQuery) {
      return mapPage(await listEvents(query), eventItem);
    },

    openItem(e: WechatMiniprogram.BaseEvent) {
      const id = dataOf(e).id as string | undefined;
      if (id) go(ROUTES.eventDetail(id));
    },

    goMine() {
      go(ROUTES.mySignups());
    },

    goManage() {
      go(ROUTES.eventManage());
    },

    goHome() {
      go(ROUTES.home());
    },

    goSwitchCommunity() {
      go(ROUTES.switchCommunity());
    },
  },
});
