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
  messages: 'pages/messages/index',
  gridWorkbench: 'package-grid/pages/index/index',
  householdList: 'package-grid/households/list/index',
  householdDetail: 'package-grid/households/detail/index',
  householdForm: 'package-grid/households/form/index',
  householdMember: 'package-grid/households/member/index',
  staffWorkbench: 'package-staff/pages/index/index',
  invite: 'package-staff/pages/invite/index',
  grants: 'package-staff/pages/grants/index',
  requestQueue: 'package-staff/requests/index',
  mediations: 'package-staff/requests/mediations/index',
  eventManage: 'package-staff/events/manage/index',
  eventEdit: 'package-staff/events/edit/index',
  eventRoster: 'package-staff/events/roster/index',
  eventCheckin: 'package-staff/events/checkin/index',
  orgAdmin: 'package-admin/orgs/index',
  orgContact: 'package-admin/contact/index',
  stationEdit: 'package-admin/station/index',
  ledgerImport: 'package-grid/imports/index',
  importLog: 'package-grid/imports/log/index',
  surveyManage: 'package-surveys/manage/index',
  surveyEdit: 'package-surveys/edit/index',
  surveyAnswer: 'package-surveys/answer/index',
  surveyResults: 'package-stats/surveys/results/index',
  statsDashboard: 'package-stats/dashboard/index',
  noticeList: 'package-notices/list/index',
  noticeDetail: 'package-notices/detail/index',
  noticeEdit: 'package-notices/edit/index',
  reviewEdit: 'package-notices/review/index',
  pairList: 'package-community/pairs/list/index',
  pairDetail: 'package-community/pairs/detail/index',
  pairNew: 'package-community/pairs/new/index',
  teamList: 'package-community/teams/list/index',
  teamDetail: 'package-community/teams/detail/index',
  myHours: 'package-community/hours/index',
  volunteerCertificate: 'package-community/hours/certificate/index',
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
  /** 消息中心: the user's messages (new requests, progress, escalations, follow-ups). */
  messages: () => pageUrl(PAGES.messages),
  requestDetail: (id: string, query: { created?: boolean; from?: 'queue' } = {}) =>
    pageUrl(PAGES.requestDetail, { id, created: query.created ? 1 : undefined, from: query.from }),
  requestQueue: (orgId?: string) => pageUrl(PAGES.requestQueue, { orgId }),
  /** 矛盾纠纷调解台账: an org's monthly mediation ledger (staff, admins). */
  mediations: (orgId: string) => pageUrl(PAGES.mediations, { orgId }),

  eventDetail: (id: string) => pageUrl(PAGES.eventDetail, { id }),
  mySignups: () => pageUrl(PAGES.mySignups),
  eventManage: (orgId?: string) => pageUrl(PAGES.eventManage, { orgId }),
  /** A new event of `orgId` (prefilled with `title`/`description`, e.g. from a survey finding), or event `id`. */
  eventEdit: (query: { id?: string; orgId?: string; title?: string; description?: string }) =>
    pageUrl(PAGES.eventEdit, query),
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

  /** 组织架构: an org, its children and what the user may do there; without `orgId`, the cities. */
  orgAdmin: (orgId?: string) => pageUrl(PAGES.orgAdmin, { orgId }),
  /** The public contact card of an org (a community's hotline, address and hours; a grid's worker). */
  orgContact: (orgId: string) => pageUrl(PAGES.orgContact, { orgId }),
  /** A new station of `orgId`, or station `id` (one of `orgId`'s subtree) to edit. */
  stationEdit: (query: { orgId: string; id?: string }) => pageUrl(PAGES.stationEdit, query),
  /** 导入台账 into a grid: template, file from a chat, preview, commit. */
  ledgerImport: (gridId: string) => pageUrl(PAGES.ledgerImport, { gridId }),
  /** 导入记录 of an org's subtree. */
  importLog: (orgId: string) => pageUrl(PAGES.importLog, { orgId }),

  /** 需求问卷 of an org's subtree (staff): drafts, open and closed surveys. */
  surveyManage: (orgId: string) => pageUrl(PAGES.surveyManage, { orgId }),
  /** The builder: a new survey of `orgId` (from `template`, or blank), or draft `id`. */
  surveyEdit: (query: { id?: string; orgId?: string; template?: string }) => pageUrl(PAGES.surveyEdit, query),
  /** Filling a survey in: one's own answer, or with `householdId`/`memberId` a grid worker's for a member. */
  surveyAnswer: (query: { id?: string; scene?: string; householdId?: string; memberId?: string }) =>
    pageUrl(PAGES.surveyAnswer, query),
  /** Tallies, charts and cross-tabs of a survey (staff, grid workers under it). */
  surveyResults: (id: string) => pageUrl(PAGES.surveyResults, { id }),

  /** 数据看板 of an org (its subtree's figures), drilling down to its children. */
  statsDashboard: (orgId: string) => pageUrl(PAGES.statsDashboard, { orgId }),

  /**
   * 通知公告 · 政策宣传 · 办事指南 of the home community (or `orgId`), on the tab of `kind`; `manage`: everything
   * staff published under `orgId`, with 发布. `from`: the sharer's community, for a user with no home yet.
   */
  noticeList: (query: { kind?: string; orgId?: string; manage?: boolean; from?: string } = {}) =>
    pageUrl(PAGES.noticeList, { ...query, manage: query.manage ? 1 : undefined }),
  noticeDetail: (id: string, from?: string) => pageUrl(PAGES.noticeDetail, { id, from }),
  /** Publish to `orgId`, or edit notice `id`. */
  noticeEdit: (query: { id?: string; orgId?: string }) => pageUrl(PAGES.noticeEdit, query),
  /** 活动回顾: staff post the photos and a short review of a held event. */
  reviewEdit: (eventId: string) => pageUrl(PAGES.reviewEdit, { eventId }),

  /** 结对认亲: the pairs under `orgId` (a worker's), or without it the user's own family's (我的结对). */
  pairs: (orgId?: string) => pageUrl(PAGES.pairList, { orgId }),
  pairDetail: (id: string) => pageUrl(PAGES.pairDetail, { id }),
  /** Pairing two households of the worker's scope under `orgId`. */
  pairNew: (orgId: string) => pageUrl(PAGES.pairNew, { orgId }),
  /** 志愿服务队 of the home community (or of `orgId`, a worker's org). */
  teams: (orgId?: string) => pageUrl(PAGES.teamList, { orgId }),
  teamDetail: (id: string) => pageUrl(PAGES.teamDetail, { id }),
  /** 我的志愿时长 per team and in total. */
  myHours: () => pageUrl(PAGES.myHours),
  /** The volunteer certificate (name, team, hours), saved as an image. */
  volunteerCertificate: (teamId?: string) => pageUrl(PAGES.volunteerCertificate, { teamId }),
};
