import { largeFont, syncLargeFont } from '../../behaviors/large-font';
import { errorText, isCloudError } from '../../services/cloud';
import { listEvents } from '../../services/events';
import { getHome } from '../../services/orgs';
import { landPendingScene, PAGES, rememberScene, scanAndOpen, sceneFromOptions } from '../../services/scene';
import type { Contact, GridWorkerCard, HomeView, StationView } from '../../shared/api';
import { categoryLabel, REQUEST_CATEGORIES } from '../../shared/categories';
import { STATION_TYPE_LABELS } from '../../shared/orgs';
import { EVENT_URLS, eventItem, type EventItem } from '../../utils/event-views';
import { REQUEST_URLS } from '../../utils/request-views';
import { homeVersion } from '../../utils/session';

type Status = 'loading' | 'ready' | 'error' | 'nohome';

interface StationItem {
  id: string;
  name: string;
  typeLabel: string;
  address: string;
  hours: string;
  phone: string;
  greenChannel: boolean;
  servicesText: string;
  latitude: number;
  longitude: number;
}

function stationItem(s: StationView): StationItem {
  return {
    id: s.id,
    name: s.name,
    typeLabel: STATION_TYPE_LABELS[s.type] ?? '服务站点',
    address: s.address,
    hours: s.hours,
    phone: s.phone,
    greenChannel: s.greenChannel,
    servicesText: s.services.map(categoryLabel).join('、'),
    latitude: s.latitude,
    longitude: s.longitude,
  };
}

/**
 * 首页: the user's community — hotline, "my grid worker" card, service categories, upcoming events and service
 * stations. Reloads when shown after the home community changed (a scanned code, 切换社区, another persona).
 */
Component({
  behaviors: [largeFont],
  data: {
    largeFont: false,
    status: 'loading' as Status,
    errorText: '',
    loadedVersion: -1,
    community: null as { id: string; name: string; contact?: Contact } | null,
    gridName: '',
    worker: null as (GridWorkerCard & { gridName: string }) | null,
    stations: [] as StationItem[],
    events: [] as EventItem[],
    categories: REQUEST_CATEGORIES.map(({ value, label, icon }) => ({ value, label, icon })),
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      rememberScene(sceneFromOptions({ scene: query.scene }));
    },

    async onShow(): Promise<void> {
      syncLargeFont(this);
      await landPendingScene('home');
      if (this.data.status !== 'ready' || this.data.loadedVersion !== homeVersion()) await this.load();
    },

    async onPullDownRefresh(): Promise<void> {
      await this.load();
      wx.stopPullDownRefresh();
    },

    /** Loads the home view; shows the loading state only when there is nothing on screen yet. */
    async load(): Promise<void> {
      const version = homeVersion();
      if (this.data.status !== 'ready') this.setData({ status: 'loading' });
      try {
        // The events are a bonus on this page: if they fail, the community still shows.
        const [home, events] = await Promise.all([getHome(), listEvents({ limit: 3 }).catch(() => null)]);
        this.show(home);
        this.setData({ loadedVersion: version, events: events ? events.items.map(eventItem) : [] });
      } catch (err) {
        if (isCloudError(err, 'FAILED_PRECONDITION', 'NO_HOME'))
          this.setData({ status: 'nohome', loadedVersion: version });
        else this.setData({ status: 'error', errorText: errorText(err) });
      }
    },

    show(home: HomeView) {
      const { community, grid } = home;
      wx.setNavigationBarTitle({ title: community.name });
      this.setData({
        status: 'ready',
        // setData refuses undefined values: an org without contact details gets an empty one.
        community: { id: community.id, name: community.name, contact: community.contact ?? {} },
        gridName: grid?.name ?? '',
        worker: grid?.worker ? { ...grid.worker, gridName: grid.name } : null,
        stations: home.stations.map(stationItem),
      });
    },

    retry() {
      return this.load();
    },

    goSwitchCommunity() {
      wx.navigateTo({ url: PAGES.switchCommunity });
    },

    /** Browses the grids of this community, to pick the one the user lives in. */
    goPickGrid() {
      const id = this.data.community?.id;
      wx.navigateTo({ url: id ? `${PAGES.switchCommunity}?orgId=${encodeURIComponent(id)}` : PAGES.switchCommunity });
    },

    openEvent(e: WechatMiniprogram.BaseEvent) {
      const id = e.currentTarget.dataset.id as string | undefined;
      if (id) wx.navigateTo({ url: EVENT_URLS.detail(id) });
    },

    goEvents() {
      wx.switchTab({ url: PAGES.events });
    },

    async scan(): Promise<void> {
      const landing = await scanAndOpen('home');
      if (landing?.kind === 'home') await this.load();
    },

    callHotline() {
      const phone = this.data.community?.contact?.phone;
      if (phone) wx.makePhoneCall({ phoneNumber: phone });
    },

    callStation(e: WechatMiniprogram.BaseEvent) {
      const phone = e.currentTarget.dataset.phone as string | undefined;
      if (phone) wx.makePhoneCall({ phoneNumber: phone });
    },

    openStationMap(e: WechatMiniprogram.BaseEvent) {
      const station = this.data.stations[Number(e.currentTarget.dataset.index)];
      if (!station) return;
      wx.openLocation({
        latitude: station.latitude,
        longitude: station.longitude,
        name: station.name,
        address: station.address,
        scale: 16,
      });
    },

    /** A service category opens the request form with it preselected, for the home grid or community. */
    openCategory(e: WechatMiniprogram.BaseEvent) {
      const category = String(e.currentTarget.dataset.value);
      wx.navigateTo({ url: `${REQUEST_URLS.create}?category=${encodeURIComponent(category)}` });
    },

    /** 我要反映问题: the request form for the home grid (after a grid code was scanned) or community. */
    goReport() {
      wx.navigateTo({ url: REQUEST_URLS.create });
    },

    goMyRequests() {
      wx.navigateTo({ url: REQUEST_URLS.mine });
    },
  },
});
