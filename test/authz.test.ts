/**
 * The authorization table: every action of every function, who may call it, inside and outside their scope,
 * and with no identity. Each feature adds its rows in `authz/<feature>.rows.ts` and lists them here.
 */
import { fixtureAdmin, TestProject } from './helpers/project';
import { IDENTITY_ROWS } from './authz/identity.rows';
import { REQUEST_ROWS } from './authz/requests.rows';
import { EVENT_ROWS } from './authz/events.rows';
import { HOUSEHOLD_ROWS } from './authz/households.rows';
import { IMPORT_ROWS } from './authz/imports.rows';
import { NOTICE_ROWS } from './authz/notices.rows';
import { SURVEY_ROWS } from './authz/surveys.rows';
import { STATS_ROWS } from './authz/stats.rows';
import { COMMUNITY_ROWS } from './authz/community.rows';
import { MESSAGE_ROWS } from './authz/messages.rows';
import { EVERYONE, type Row } from './authz/table';
import { allActions } from './helpers/schemas';

const TABLE: Row[] = [
  ...IDENTITY_ROWS,
  ...REQUEST_ROWS,
  ...EVENT_ROWS,
  ...HOUSEHOLD_ROWS,
  ...IMPORT_ROWS,
  ...NOTICE_ROWS,
  ...SURVEY_ROWS,
  ...STATS_ROWS,
  ...COMMUNITY_ROWS,
  ...MESSAGE_ROWS,
];

let p: TestProject;
beforeAll(async () => {
  p = await TestProject.start();
  await p.ok(fixtureAdmin(), 'orgs', 'create', { parentId: p.orgId('gs'), name: '关上测试社区', level: 'community' });
});
afterAll(() => p.stop());

describe.each(TABLE)('$fn.$action ($case)', (row) => {
  test.each(EVERYONE)('as %s', async (who) => {
    const expected = row.allow[who] ?? row.otherwise;
    const res = await p.call(who, row.fn, row.action, await row.input(p));
    if (expected === 'ok') expect(res).toMatchObject({ ok: true });
    else expect(res).toMatchObject({ ok: false, error: { code: expected } });
  });

  test('with no identity', async () => {
    const res = await p.call('anonymous', row.fn, row.action, await row.input(p));
    expect(res).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });
});

test('the table covers every action of every function', () => {
  const covered = new Set(TABLE.map((r) => `${r.fn}.${r.action}`));
  for (const action of allActions()) expect(covered).toContain(action);
});
