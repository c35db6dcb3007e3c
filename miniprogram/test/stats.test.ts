import { beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { PAGES, ROUTES } from '../shared/routes';
import { actAs, callAs, demoOrg, lastUrl, openLoaded, renderComponent, tapOn, useLocalCloud } from './helpers';

const DASHBOARD = PAGES.statsDashboard;
const COMMUNITY = ['昆明市', '官渡区', '关上街道', '中心区社区'];
const GRID = [...COMMUNITY, '第一网格（金色年华小区）'];

describe('数据看板', () => {
  let community: string;
  let grid: string;

  beforeAll(async () => {
    useLocalCloud();
    community = (await demoOrg(COMMUNITY)).id;
    grid = (await demoOrg(GRID)).id;
    // The demo data is written straight into the database: the consistency check brings its counters in line.
    await callAs('demo-staff', 'stats', 'recount', { orgId: community });
  });

  beforeEach(() => {
    useLocalCloud();
  });

  it('shows the community’s figures, charts, trends and children, as the cloud answers them', async () => {
    actAs('demo-staff');
    const overview = await callAs('demo-staff', 'stats', 'overview', { orgId: community });
    const page = await openLoaded(DASHBOARD, { orgId: community });
    expect(page.data().status).toBe('ready');
    expect(page.textOf('.stats-head')).toContain('中心区社区');
    expect(page.textOf('.stats-residents')).toContain(`${overview.residents.total} 人`);
    expect(page.textOf('.stats-requests')).toContain(`${overview.requests.open} 件`);
    expect(page.text()).toContain('民族构成');
    for (const e of overview.residents.byEthnicity) {
      expect(page.textOf('.stats-ethnicity')).toContain(`${e.name}${e.count}`);
    }
    expect(page.has('.stats-trend')).toBe(true);
    const children = await callAs('demo-staff', 'stats', 'children', { orgId: community });
    expect((page.data().children as unknown[]).length).toBe(children.items.length);
    expect(page.textOf('.stats-children')).toContain(children.items[0].name);
    // The community's staff may not read the street: no way up.
    expect(page.has('.stats-up')).toBe(false);
    page.detach();
  });

  it('drills down to a grid and back up', async () => {
    actAs('demo-staff');
    const page = await openLoaded(DASHBOARD, { orgId: community });
    const first = (page.data().children as { orgId: string }[])[0];
    await page.call('openChild', tapOn({ id: first.orgId }));
    expect(lastUrl('navigateTo')).toBe(ROUTES.statsDashboard(first.orgId));
    page.detach();

    const down = await openLoaded(DASHBOARD, { orgId: first.orgId });
    expect(down.data().status).toBe('ready');
    expect(down.textOf('.stats-head')).toContain('网格');
    expect(down.has('.stats-children')).toBe(false);
    expect(down.has('.stats-up')).toBe(true);
    await down.call('openParent');
    expect(lastUrl('navigateTo')).toBe(ROUTES.statsDashboard(community));
    down.detach();
  });

  it('a trend metric picked loads that trend only', async () => {
    actAs('demo-staff');
    const page = await openLoaded(DASHBOARD, { orgId: community });
    await page.call('pickMetric', tapOn({ metric: 'requestsCreated' }));
    const trend = await callAs('demo-staff', 'stats', 'trend', { orgId: community, metric: 'requestsCreated' });
    expect(page.data().metric).toBe('requestsCreated');
    expect((page.data().trend as { values: unknown[] }).values).toEqual(trend.points.map((p) => p.value));
    page.detach();
  });

  it('a grid worker sees their grid, and not the community', async () => {
    actAs('demo-grid-worker');
    const own = await openLoaded(DASHBOARD, { orgId: grid });
    expect(own.data().status).toBe('ready');
    expect(own.has('.stats-up')).toBe(false);
    own.detach();
    const other = await openLoaded(DASHBOARD, { orgId: community });
    expect(other.data().status).toBe('error');
    expect(other.textOf('.stats-error')).toContain('管辖范围');
    other.detach();
  });
});

describe('chart component', () => {
  it('lists every value, and tells a small cell as <5 rather than drawing a number', async () => {
    const chart = renderComponent('package-stats/components/chart/index', {
      kind: 'bar',
      title: '民族构成',
      labels: ['汉族', '回族', '彝族'],
      values: [12, '<5', 0],
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(chart.text()).toContain('民族构成');
    expect(chart.text()).toContain('汉族12');
    expect(chart.text()).toContain('回族<5');
    expect(chart.text()).toContain('少于 5 人的项不绘制');
    expect(chart.has('.chart__canvas')).toBe(true);
    chart.detach();
  });

  it('draws no canvas for small cells only, and lists them', async () => {
    const chart = renderComponent('package-stats/components/chart/index', {
      kind: 'ring',
      labels: ['回族', '傣族'],
      values: ['<5', '<5'],
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(chart.has('.chart__canvas')).toBe(false);
    expect(chart.text()).toContain('傣族<5');
    chart.detach();
  });

  it('says 暂无数据 when there is nothing to draw', async () => {
    const chart = renderComponent('package-stats/components/chart/index', { kind: 'pie', labels: [], values: [] });
    await new Promise((r) => setTimeout(r, 20));
    expect(chart.text()).toContain('暂无数据');
    chart.detach();
  });
});
