import type { StationView } from '../shared/api';
import { categoryLabel } from '../shared/categories';
import { STATION_TYPE_LABELS } from '../shared/orgs';
import { requirePrivacy } from './privacy';

/** A station as the pages show it. */
export interface StationItem {
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
  /** "350 米", "1.2 公里"; empty without the user's position. */
  distanceText: string;
}

export interface Position {
  latitude: number;
  longitude: number;
}

/** Storage key: the user allowed location once, so 首页 may use it without asking. */
const LOCATION_ALLOWED = 'locationAllowed';

/** Metres as a resident reads them: under a kilometre in metres, beyond it in kilometres with one decimal. */
export function distanceText(metres?: number): string {
  if (metres === undefined) return '';
  if (metres < 1000) return `${Math.round(metres)} 米`;
  return `${(metres / 1000).toFixed(1)} 公里`;
}

export function stationItem(s: StationView): StationItem {
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
    distanceText: distanceText(s.distanceM),
  };
}

/** The street (or the community itself at the top) whose stations a resident of `community` sees. */
export function stationScopeOf(community: { id: string; path: string }): string {
  const ancestors = community.path.split('/').filter((id) => id && id !== community.id);
  return ancestors[ancestors.length - 1] ?? community.id;
}

function getLocation(): Promise<Position | null> {
  return new Promise((resolve) => {
    wx.getLocation({
      type: 'gcj02',
      success: ({ latitude, longitude }) => {
        wx.setStorageSync(LOCATION_ALLOWED, true);
        resolve({ latitude, longitude });
      },
      fail: () => {
        wx.removeStorageSync(LOCATION_ALLOWED);
        resolve(null);
      },
    });
  });
}

/** The user's position, after privacy consent; null when they refuse either. */
export async function askPosition(): Promise<Position | null> {
  if (!(await requirePrivacy('按距离查找服务站点'))) return null;
  return getLocation();
}

/** The user's position only if they allowed location before (首页 does not ask); null otherwise. */
export function knownPosition(): Promise<Position | null> {
  return wx.getStorageSync(LOCATION_ALLOWED) ? getLocation() : Promise.resolve(null);
}

/** Opens WeChat's map at the station, with its 导航. */
export function openStation(station: StationItem): void {
  wx.openLocation({
    latitude: station.latitude,
    longitude: station.longitude,
    name: station.name,
    address: station.address,
    scale: 16,
  });
}
