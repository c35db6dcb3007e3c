/**
 * Every page of the mini program and the URL of each, written once. Pages navigate with `ROUTES` (see
 * `utils/navigate.ts`); the cloud functions put `PAGES` into QR codes, door plates and notices. Plain TypeScript
 * that imports nothing, so that both sides can bundle it. `app.json` lists the same paths (WeChat reads that file
 * itself); `test/routes.test.ts` checks that the two agree.
 */
export const PAGES = {
  home: 'pages/home/index',
  events: 'pages/events/index',
  me: 'pages/me/index',
  switchCommunity: 'pages/switch-community/index',
  requestNew: 'pages/requests/new/index',
  myRequests: 'pages/requests/mine/index',
  requestDetail: 'pages/requests/detail/index',
  eventDetail: 'pages/events/detail/index',
  mySignups: 'pages/events/mine/index',
  door: 'pages/door/index',
  stations: 'pages/stations/index',
  gridWorkbench: 'package-grid/pages/index/index',
  householdList: 'package-grid/households/list/index',
  householdDetail: 'package-grid/households/detail/index',
  householdForm: 'package-grid/households/form/index',
  householdMember: 'package-grid/households/member/index',
  staffWorkbench: 'package-staff/pages/index/index',
  invite: 'package-staff/pages/invite/index',
  grants: 'package-staff/pages/grants/index',
  requestQueue: 'package-staff/requests/index',
  eventManage: 'package-staff/events/manage/index',
  eventEdit: 'package-staff/events/edit/index',
  eventRoster: 'package-staff/events/roster/index',
  eventCheckin: 'package-staff/events/checkin/index',
} as const;

export type PagePath = (typeof PAGES)[keyof typeof PAGES];

/** The tab bar's pages: reached with `wx.switchTab`, which takes no query. */
export const TAB_PAGES: readonly PagePath[] = [PAGES.home, PAGES.events, PAGES.me];

type Query = Record<string, string | number | undefined>;

/** `/<page>?key=value&…` with each value encoded; undefined and empty values are left out. */
export function pageUrl(page: PagePath, query: Query = {}): string {
  const pairs = Object.entries(query)
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([key, value]) => `${key}=${encodeURIComponent(String(value))}`);
  return `/${page}${pairs.length ? `?${pairs.join('&')}` : ''}`;
}

/** The path part of a URL built here ("/pages/home/index?x=1" → "pages/home/index"). */
export function pathOf(url: string): string {
  return url.replace(/^\//, '').split('?')[0];
}

/** URL builders of every page, for `wx.navigateTo`/`redirectTo`/`switchTab`. */
export const ROUTES = {
  home: () => pageUrl(PAGES.home),
  events: () => pageUrl(PAGES.events),
  me: () => pageUrl(PAGES.me),
  /** The org tree from the cities, or opened at `orgId` (a street's code, the grids of a community). */
  switchCommunity: (orgId?: string) => pageUrl(PAGES.switchCommunity, { orgId }),

  requestNew: (query: { category?: string; orgId?: string } = {}) => pageUrl(PAGES.requestNew, query),
  myRequests: () => pageUrl(PAGES.myRequests),
  requestDetail: (id: string, query: { created?: boolean; from?: 'queue' } = {}) =>
    pageUrl(PAGES.requestDetail, { id, created: query.created ? 1 : undefined, from: query.from }),
  requestQueue: (orgId?: string) => pageUrl(PAGES.requestQueue, { orgId }),

  eventDetail: (id: string) => pageUrl(PAGES.eventDetail, { id }),
  mySignups: () => pageUrl(PAGES.mySignups),
  eventManage: (orgId?: string) => pageUrl(PAGES.eventManage, { orgId }),
  eventEdit: (query: { id?: string; orgId?: string }) => pageUrl(PAGES.eventEdit, query),
  eventRoster: (id: string) => pageUrl(PAGES.eventRoster, { id }),
  /** The check-in screen; with `code`, a scanned family is checked in at once. */
  eventCheckin: (id: string, code?: string) => pageUrl(PAGES.eventCheckin, { id, code }),

  /** 门牌: a scanned door code, or without one the user's own household card. */
  door: (scene?: string) => pageUrl(PAGES.door, { scene }),
  /** Service stations around the home community, nearest first once location is allowed. */
  stations: () => pageUrl(PAGES.stations),
  householdList: (gridId: string) => pageUrl(PAGES.householdList, { gridId }),
  householdDetail: (id: string, query: { created?: boolean } = {}) =>
    pageUrl(PAGES.householdDetail, { id, created: query.created ? 1 : undefined }),
  householdCreate: (gridId: string) => pageUrl(PAGES.householdForm, { gridId }),
  householdEdit: (id: string) => pageUrl(PAGES.householdForm, { id }),
  memberAdd: (id: string) => pageUrl(PAGES.householdMember, { id }),
  memberEdit: (id: string, memberId: string) => pageUrl(PAGES.householdMember, { id, memberId }),

  gridWorkbench: () => pageUrl(PAGES.gridWorkbench),
  staffWorkbench: () => pageUrl(PAGES.staffWorkbench),
  invite: (orgId: string) => pageUrl(PAGES.invite, { orgId }),
  grants: (orgId: string) => pageUrl(PAGES.grants, { orgId }),
};
