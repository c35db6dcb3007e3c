/**
 * The screens `npm run screens` takes: which page, as which demo persona, with which route parameters (looked up in
 * the demo data through the same functions the app calls, since ids are generated when the data is seeded).
 */
import type { ActionName, FunctionName, ReqOf, ResOf } from '../../miniprogram/shared/api';
import { PAGES, type PagePath } from '../../miniprogram/shared/routes';

/** A cloud call as a persona (the page tests' `callAs`). */
export type CallAs = <F extends FunctionName, A extends ActionName<F>>(
  openid: string,
  fn: F,
  action: A,
  req: ReqOf<F, A>,
) => Promise<ResOf<F, A>>;

export interface Shot {
  /** File name: docs/screens/<name>.png. */
  name: string;
  /** Caption in the docs. */
  caption: string;
  /** Page path inside miniprogram/, as in app.json. */
  page: PagePath;
  persona: string;
  /** Sets the demo data up for the shot (as any persona) and gives the page's route parameters (onLoad query). */
  prepare?: (callAs: CallAs) => Promise<Record<string, string> | void>;
  /** A page class (as written in the page's WXML) to scroll to the top of the screen. */
  scrollTo?: string;
}

async function banquetId(callAs: CallAs): Promise<string> {
  const events = await callAs('demo-resident', 'events', 'list', {});
  const banquet = events.items.find((e) => e.type === 'banquet');
  if (!banquet) throw new Error('the demo data has no 百家宴 in the resident’s community');
  return banquet.id;
}

async function workerGridId(callAs: CallAs): Promise<string> {
  const me = await callAs('demo-grid-worker', 'users', 'me', {});
  const grant = me.roles.find((r) => r.role === 'grid_worker');
  if (!grant) throw new Error('demo-grid-worker has no grid');
  return grant.orgId;
}

/** The community of the demo staff member (中心区社区). */
async function staffCommunityId(callAs: CallAs): Promise<string> {
  const me = await callAs('demo-staff', 'users', 'me', {});
  const grant = me.roles.find((r) => r.role === 'staff');
  if (!grant) throw new Error('demo-staff has no community');
  return grant.orgId;
}

async function firstHouseholdId(callAs: CallAs): Promise<string> {
  const page = await callAs('demo-grid-worker', 'households', 'list', { gridId: await workerGridId(callAs) });
  const household = page.items[0];
  if (!household) throw new Error('the demo grid has no household');
  return household.id;
}

/**
 * The resident (马秀芳) has picked the grid of her household (第一网格), as residents are asked to, so that 首页
 * shows her grid worker's card. Every shot of hers starts here, whichever shots run.
 */
async function residentInHerGrid(callAs: CallAs): Promise<void> {
  const me = await callAs('demo-resident', 'users', 'me', {});
  if (!me.home) throw new Error('demo-resident has no home community');
  const grids = await callAs('demo-resident', 'orgs', 'children', { id: me.home.communityId });
  const grid = grids.items.find((g) => g.name.startsWith('第一网格'));
  if (!grid) throw new Error(`no 第一网格 in ${me.home.communityName}`);
  await callAs('demo-resident', 'users', 'setHome', { orgId: grid.id });
}

export const SHOTS: Shot[] = [
  {
    name: 'home',
    caption: '首页（居民）',
    page: PAGES.home,
    persona: 'demo-resident',
    prepare: residentInHerGrid,
  },
  { name: 'events', caption: '活动', page: PAGES.events, persona: 'demo-resident', prepare: residentInHerGrid },
  {
    name: 'event-detail',
    caption: '活动详情：百家宴报名',
    page: PAGES.eventDetail,
    persona: 'demo-resident',
    prepare: async (callAs) => {
      await residentInHerGrid(callAs);
      return { id: await banquetId(callAs) };
    },
    scrollTo: 'detail-form',
  },
  { name: 'me', caption: '我的', page: PAGES.me, persona: 'demo-resident', prepare: residentInHerGrid },
  { name: 'stations', caption: '服务站点', page: PAGES.stations, persona: 'demo-resident', prepare: residentInHerGrid },
  {
    name: 'request-new',
    caption: '反映问题',
    page: PAGES.requestNew,
    persona: 'demo-resident',
    prepare: residentInHerGrid,
  },
  { name: 'staff', caption: '社区管理（工作人员）', page: PAGES.staffWorkbench, persona: 'demo-staff' },
  { name: 'grid', caption: '我的网格（网格员）', page: PAGES.gridWorkbench, persona: 'demo-grid-worker' },
  {
    name: 'households',
    caption: '住户登记（网格员）',
    page: PAGES.householdList,
    persona: 'demo-grid-worker',
    prepare: async (callAs) => ({ gridId: await workerGridId(callAs) }),
  },
  {
    name: 'household-detail',
    caption: '住户详情（网格员）',
    page: PAGES.householdDetail,
    persona: 'demo-grid-worker',
    prepare: async (callAs) => ({ id: await firstHouseholdId(callAs) }),
  },
  {
    name: 'org-admin',
    caption: '组织架构（社区管理员）',
    page: PAGES.orgAdmin,
    persona: 'demo-street-admin',
    prepare: async (callAs) => ({ orgId: await staffCommunityId(callAs) }),
  },
  {
    name: 'station-edit',
    caption: '新增服务站点',
    page: PAGES.stationEdit,
    persona: 'demo-staff',
    prepare: async (callAs) => ({ orgId: await staffCommunityId(callAs) }),
  },
  {
    name: 'ledger-import',
    caption: '导入住户台账（网格员）',
    page: PAGES.ledgerImport,
    persona: 'demo-grid-worker',
    prepare: async (callAs) => ({ gridId: await workerGridId(callAs) }),
  },
  {
    name: 'stats-dashboard',
    caption: '数据看板（社区工作人员）',
    page: PAGES.statsDashboard,
    persona: 'demo-staff',
    prepare: async (callAs) => ({ orgId: await staffCommunityId(callAs) }),
  },
  {
    name: 'notices',
    caption: '通知公告',
    page: PAGES.noticeList,
    persona: 'demo-resident',
    prepare: residentInHerGrid,
  },
  {
    name: 'survey-manage',
    caption: '需求问卷（工作人员）',
    page: PAGES.surveyManage,
    persona: 'demo-staff',
    prepare: async (callAs) => ({ orgId: await staffCommunityId(callAs) }),
  },
  { name: 'pairs', caption: '我的结对', page: PAGES.pairList, persona: 'demo-resident', prepare: residentInHerGrid },
  { name: 'teams', caption: '志愿服务队', page: PAGES.teamList, persona: 'demo-resident', prepare: residentInHerGrid },
  {
    name: 'my-hours',
    caption: '我的志愿时长',
    page: PAGES.myHours,
    persona: 'demo-resident',
    prepare: residentInHerGrid,
  },
];

/** The shots named on the command line (all when none is named); an unknown name is an error. */
export function selectShots(names: string[]): Shot[] {
  if (!names.length) return SHOTS;
  const unknown = names.filter((n) => !SHOTS.some((s) => s.name === n));
  if (unknown.length) {
    throw new Error(`unknown screen ${unknown.join(', ')}; known: ${SHOTS.map((s) => s.name).join(', ')}`);
  }
  return SHOTS.filter((s) => names.includes(s.name));
}
