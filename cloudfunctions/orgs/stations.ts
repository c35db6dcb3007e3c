import type { StationView } from '../../miniprogram/shared/api';
import type { StationType } from '../../miniprogram/shared/orgs';
import type { Doc } from '../../backend/core/cloud';

export interface StationDoc extends Doc {
  orgId: string;
  ancestors: string[];
  type: StationType;
  name: string;
  address: string;
  location: { latitude: number; longitude: number };
  hours: string;
  services: string[];
  phone: string;
  greenChannel: boolean;
}

/** Great-circle distance in kilometres (haversine). */
export function distanceKm(
  a: { latitude: number; longitude: number },
  b: { latitude: number; longitude: number },
): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLng = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

export function toStationView(s: StationDoc, from?: { latitude: number; longitude: number }): StationView {
  const view: StationView = {
    id: s._id,
    orgId: s.orgId,
    type: s.type,
    name: s.name,
    address: s.address,
    latitude: s.location.latitude,
    longitude: s.location.longitude,
    hours: s.hours,
    services: s.services,
    phone: s.phone,
    greenChannel: s.greenChannel,
  };
  if (from) view.distanceKm = Math.round(distanceKm(from, s.location) * 100) / 100;
  return view;
}

/** Nearest first when a position is known, else by name. */
export function sortStations(stations: StationDoc[], from?: { latitude: number; longitude: number }): StationDoc[] {
  const copy = [...stations];
  if (from) return copy.sort((a, b) => distanceKm(from, a.location) - distanceKm(from, b.location));
  return copy.sort((a, b) => a.name.localeCompare(b.name, 'zh-Hans-CN'));
}
