import { largeFont, syncLargeFont } from '../../behaviors/large-font';
import { loadable } from '../../behaviors/loadable';
import { isCloudError } from '../../services/errors';
import { listEvents } from '../../services/events';
import { getHome, getStations } from '../../services/orgs';
import { sceneFromOptions } from '../../services/scene';
import type { Contact, GridWorkerCard, HomeView, StationView } from '../../shared/api';
import { REQUEST_CATEGORIES } from '../../shared/categories';
import { ROUTES } from '../../shared/routes';
import { eventItem, type EventItem } from '../../utils/event-views';
import { dataOf, go } from '../../utils/navigate';
import { landPendingScene, rememberScene, scanAndOpen } from '../../utils/scene-routing';
import { homeVersion } from '../../utils/session';
import {
  knownPosition,
  openStation,
  stationItem,
  stationScopeOf,
  type Position,
  type StationItem,
} from '../../utils/station-views';

/**
 * The service tiles: every category but 其他 (12, so that the grid ends with a full row in 4 or 3 columns), each
 * with its tile label (a shortened one still reads out in full); 其他 is the line under the grid.
 */
const CATEGORY_TILES = REQUEST_CATEGORIES.filter((c) => c.value !== 'other').map((c) => ({
  value: c.value,
  label: 'tile' in c ? c.tile : c.label,
  ariaLabel: c.label,
  icon: c.icon,
}));

/** How many of the nearest stations 首页 shows; 查看全部 lists them all. */
const NEAREST_STATIONS = 3;

/**
 * The stations 首页 shows: with the user's position (they allowed location before), the nearest of the street's;
 * otherwise, or if that list fails, the community's own from the home view.
 */
async function homeStations(home: HomeView, position: Position | null): Promise<StationView[]> {
  if (!position) return home.stations;
  try {
    const scope = stationScopeOf(home.community);
    return (await getStations({ orgId: scope, ...position, limit: NEAREST_STATIONS })).items;
  } catch {
    return home.stations;
  }
}

/** The home view as the page shows it. */
function homeData(home: HomeView, stations: StationView[]) {
  const { community, grid } = home;
  return {
    // setData refuses undefined values: an org without contact details gets an empty one.
    community: { id: community.id, name: community.name, contact: community.contact ?? {} },
    gridName: grid?.name ?? '',
    worker: grid?.worker ? { ...grid.worker, gridName: grid.name } : null,
    stations: stations.map(stationItem),
  };
}

/**
 * 首页: the user's community — hotline, "my grid worker" card, service categories, upcoming events and service
 * stations. Reloads when shown after the home community changed (a scanned code, 切换社区, another persona).
 */
Component({
  behaviors: [largeFont, loadable],
  data: {
    loadedVersion: -1,
    community: null as { id: string; name: string; contact?: Contact } | null,
    gridName: '',
    worker: null as (GridWorkerCard & { gridName: string }) | null,
    stations: [] as StationItem[],
    events: [] as EventItem[],
    categories: CATEGORY_TILES,
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

    /** The home view; no home yet is a state of its own. The events are a bonus: if they fail, the community shows. */
    async fetch() {
      const loadedVersion = homeVersion();
      try {
        const [home, events, position] = await Promise.all([
          getHome(),
          listEvents({ limit: 3 }).catch(() => null),
          knownPosition(),
        ]);
        wx.setNavigationBarTitle({ title: home.community.name });
        const stations = await homeStations(home, position);
        return { ...homeData(home, stations), loadedVersion, events: events ? events.items.map(eventItem) : [] };
      } catch (err) {
        if (isCloudError(err, 'FAILED_PRECONDITION', 'NO_HOME')) return { status: 'nohome', loadedVersion };
        throw err;
      }
    },

    goSwitchCommunity() {
      go(ROUTES.switchCommunity());
    },

    /** Browses the grids of this community, to pick the one the user lives in. */
    goPickGrid() {
      go(ROUTES.switchCommunity(this.data.community?.id));
    },

    openEvent(e: WechatMiniprogram.BaseEvent) {
      const id = dataOf(e).id as string | undefined;
      if (id) go(ROUTES.eventDetail(id));
    },

    goEvents() {
      go(ROUTES.events());
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
      const phone = dataOf(e).phone as string | undefined;
      if (phone) wx.makePhoneCall({ phoneNumber: phone });
    },

    openStationMap(e: WechatMiniprogram.BaseEvent) {
      const station = this.data.stations[Number(dataOf(e).index)];
      if (station) openStation(station);
    },

    goStations() {
      go(ROUTES.stations());
    },

    /** A service category opens the request form with it preselected, for the home grid or community. */
    openCategory(e: WechatMiniprogram.BaseEvent) {
      go(ROUTES.requestNew({ category: String(dataOf(e).value) }));
    },

    /** 我要反映问题: the request form for the home grid (after a grid code was scanned) or community. */
    goReport() {
      go(ROUTES.requestNew());
    },

    goMyRequests() {
      go(ROUTES.myRequests());
    },
  },
});
