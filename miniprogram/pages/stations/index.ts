import { largeFont, syncLargeFont } from '../../behaviors/large-font';
import { mapPage, pagedList, type ListQuery } from '../../behaviors/paged-list';
import { isCloudError } from '../../services/errors';
import { getHome, getStations } from '../../services/orgs';
import { ROUTES } from '../../shared/routes';
import { dataOf, go } from '../../utils/navigate';
import {
  askPosition,
  openStation,
  stationItem,
  stationScopeOf,
  type Position,
  type StationItem,
} from '../../utils/station-views';

/** A `<map>` marker of a station: tapping it shows the callout with the name (and its item below the map). */
function markerOf(station: StationItem, index: number) {
  return {
    id: index,
    latitude: station.latitude,
    longitude: station.longitude,
    width: 30,
    height: 30,
    callout: { content: station.name, display: 'BYCLICK', padding: 8, borderRadius: 6 },
  };
}

/**
 * 服务站点: the stations of the home community's street (neighbouring communities' too), nearest first with their
 * distance once location is allowed, otherwise by name; as a list or on a map, each with 电话 and 导航.
 */
Component({
  behaviors: [largeFont, pagedList],
  data: {
    items: [] as StationItem[],
    scopeId: '',
    position: null as Position | null,
    view: 'list' as 'list' | 'map',
    markers: [] as ReturnType<typeof markerOf>[],
    selected: null as StationItem | null,
  },
  observers: {
    items(items: StationItem[]) {
      this.setData({ markers: items.map(markerOf) });
    },
  },
  methods: {
    onLoad() {
      return this.load();
    },

    onShow() {
      syncLargeFont(this);
    },

    /** The home community's street, and the user's position when they allow it. */
    async listScope() {
      try {
        const [home, position] = await Promise.all([getHome(), askPosition()]);
        return { scopeId: stationScopeOf(home.community), position, selected: null };
      } catch (err) {
        if (isCloudError(err, 'FAILED_PRECONDITION', 'NO_HOME')) return { status: 'nohome' };
        throw err;
      }
    },

    async fetchPage(query: ListQuery) {
      const { scopeId, position } = this.data;
      return mapPage(await getStations({ orgId: scopeId, ...query, ...(position ?? {}) }), stationItem);
    },

    /** 允许定位: asks again, then reloads nearest first. */
    allowLocation() {
      return this.load({ spinner: true });
    },

    switchView(e: WechatMiniprogram.BaseEvent) {
      const view = dataOf(e).view as 'list' | 'map';
      this.setData({ view, selected: view === 'map' ? this.data.selected : null });
    },

    selectMarker(e: { detail: { markerId: number } }) {
      this.setData({ selected: this.data.items[e.detail.markerId] ?? null });
    },

    callStation(e: WechatMiniprogram.BaseEvent) {
      const phone = dataOf(e).phone as string | undefined;
      if (phone) wx.makePhoneCall({ phoneNumber: phone });
    },

    navigate(e: WechatMiniprogram.BaseEvent) {
      const station = this.data.items[Number(dataOf(e).index)];
      if (station) openStation(station);
    },

    navigateSelected() {
      if (this.data.selected) openStation(this.data.selected);
    },

    goSwitchCommunity() {
      go(ROUTES.switchCommunity());
    },
  },
});
