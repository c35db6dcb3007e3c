/**
 * Bad input to every action — missing fields, wrong types, over-long strings, `{"$gt": ""}` objects where a
 * string belongs, unknown fields and unknown actions, `__proto__`/`constructor`/`prototype` keys at any depth and
 * values nested far too deep — is INVALID_ARGUMENT naming the field, and the database is left exactly as it was.
 */
import { TestProject, type Envelope } from './helpers/project';
import { allSchemas } from './helpers/schemas';

const SCHEMAS = allSchemas();

/** A valid input per action, so that each bad variant changes exactly one field. */
function validInputs(p: TestProject): Record<string, Record<string, unknown>> {
  const org = p.orgId('zxq');
  const scene = p.org('zxq').scene as string;
  const station = {
    type: 'yijiaqin',
    name: '站点',
    address: '地址',
    latitude: 25,
    longitude: 102.7,
    hours: '9:00-17:00',
    services: ['consult'],
    phone: '0871-67100009',
    greenChannel: true,
  };
  const household = { address: { estate: '金色年华小区', building: '3', unit: '2', room: '301' } };
  const householdMember = {
    name: '马丽',
    gender: 'female',
    ethnicity: '03',
    idNumber: '530102199001011223',
    phone: '13800000000',
    residency: 'floating',
  };
  return {
    'users.me': {},
    'users.updateProfile': { name: '马丽', phone: '13800000000' },
    'users.setHome': { orgId: org },
    'users.createInvite': { role: 'grid_worker', orgId: p.orgId('zxq-g1') },
    'users.redeemInvite': { code: 'abcdefgh12345' },
    'users.listGrants': { orgId: org, limit: 10, cursor: 'abc' },
    'users.revokeGrant': { id: 'abc' },
    'users.invites': { orgId: org, limit: 10, cursor: 'abc' },
    'users.revokeInvite': { code: 'abcdefgh12345', inviteId: 'abc' },
    'orgs.create': { parentId: org, name: '新网格', level: 'grid' },
    'orgs.get': { id: org },
    'orgs.children': { id: org },
    'orgs.roots': {},
    'orgs.home': { orgId: org },
    'orgs.rename': { id: org, name: '新名字' },
    'orgs.move': { id: p.orgId('zxq-g1'), parentId: org, batchSize: 10, maxBatches: 5 },
    'orgs.resumeMoves': { batchSize: 10, maxBatches: 5 },
    'orgs.updateContact': { id: org, contact: { name: '联系人', phone: '0871-67100001', address: '地址' } },
    'orgs.archive': { id: org },
    'orgs.manage': { id: org },
    'orgs.stations': { orgId: org, latitude: 25, longitude: 102.7, limit: 10, cursor: '0' },
    'orgs.createStation': { orgId: org, ...station },
    'orgs.updateStation': { id: 'abc', ...station },
    'requests.create': {
      orgId: p.orgId('zxq-g1'),
      category: 'employment',
      description: '找工作',
      contactName: '马丽',
      contactPhone: '13800000000',
      images: ['cloud://local.local-bucket/requests/demo-admin/a.png'],
      clientToken: 'abcdefgh1234',
      needsBilingual: true,
      language: '维吾尔语',
      voice: 'cloud://local.local-bucket/requests/demo-admin/a.aac',
      voiceSeconds: 10,
    },
    'requests.listMine': { status: 'submitted', limit: 10, cursor: 'abc' },
    'requests.myCounts': {},
    'requests.get': { id: 'abc' },
    'requests.queue': {
      orgId: org,
      status: 'submitted',
      category: 'employment',
      overdue: true,
      limit: 10,
      cursor: 'abc',
    },
    'requests.counts': { orgId: org },
    'requests.accept': { id: 'abc' },
    'requests.reply': { id: 'abc', text: '收到' },
    'requests.resolve': { id: 'abc', resolution: '已处理' },
    'requests.rate': { id: 'abc', score: 5, comment: '好' },
    'requests.withdraw': { id: 'abc' },
    'requests.transfer': { id: 'abc', toOrgId: org, reason: '迁居' },
    'requests.revealContact': { id: 'abc', reason: '回访' },
    'requests.mediation': {
      id: 'abc',
      parties: ['马某'],
      agreement: '和解',
      ethnicDimension: false,
      followUpAt: '2026-12-01',
    },
    'requests.mediations': { orgId: org, month: '2026-11', limit: 10, cursor: 'abc' },
    'requests.exportMediations': { orgId: org, month: '2026-11' },
    'messages.list': { unreadOnly: true, limit: 10, cursor: 'abc' },
    'messages.unreadCount': {},
    'messages.markRead': { ids: ['abc'], all: true },
    'qr.resolve': { scene },
    'qr.image': { scene, page: 'pages/home/index' },
    'qr.rotate': { scene },
    'households.create': {
      gridId: p.orgId('zxq-g1'),
      address: household.address,
      housing: 'rented',
      tags: ['dibao'],
      members: [householdMember],
      clientToken: 'abcdefgh12',
    },
    'households.get': { id: 'abc' },
    'households.list': { gridId: p.orgId('zxq-g1'), q: '马', tag: 'dibao', limit: 10, cursor: 'abc' },
    'households.update': { id: 'abc', address: household.address, housing: 'owned', tags: ['dibao'] },
    'households.addMember': { id: 'abc', member: householdMember },
    'households.updateMember': { id: 'abc', memberId: 'def', member: { occupation: '司机' } },
    'households.moveOut': { id: 'abc', memberId: 'def', reason: '回老家' },
    'households.transfer': { id: 'abc', toGridId: p.orgId('zxq-g2'), reason: '搬家', address: household.address },
    'households.reveal': { id: 'abc', memberId: 'def', field: 'idNumber', reason: '核实身份' },
    'imports.template': {},
    'imports.preview': { gridId: p.orgId('zxq-g1'), fileID: 'cloud://env/imports/demo-admin/ledger.xlsx' },
    'imports.commit': { importId: 'abc', limit: 10 },
    'imports.list': { orgId: org, limit: 10, cursor: 'abc' },
    'households.addVisit': {
      id: 'abc',
      notes: '走访',
      needs: ['employment'],
      openRequest: { category: 'consult', description: '咨询' },
    },
    'households.visits': { id: 'abc', limit: 10, cursor: 'abc' },
    'households.claimCode': { id: 'abc', memberId: 'def' },
    'households.claim': { code: 'ABCD2345' },
    'households.mine': {},
    'plates.grid': { gridId: p.orgId('zxq-g1') },
    'plates.poster': { orgId: p.orgId('zxq') },
    'notices.create': {
      orgId: org,
      kind: 'notice',
      title: '通知',
      body: [{ type: 'p', text: '正文', bold: true }],
      images: ['cloud://env/notices/demo-admin/a.png'],
      pinned: true,
    },
    'notices.update': { id: 'abc', kind: 'guide', title: '指南', body: [{ type: 'li', text: '一条' }], pinned: false },
    'notices.remove': { id: 'abc' },
    'notices.list': { kind: 'policy', orgId: org, subtree: true, limit: 10, cursor: 'abc' },
    'notices.get': { id: 'abc' },
    'notices.readers': { id: 'abc' },
    'notices.postReview': { eventId: 'abc', text: '百家宴回顾', images: ['cloud://env/notices/demo-admin/a.png'] },
    'notices.review': { eventId: 'abc' },
    'notices.likeReview': { eventId: 'abc' },
    'surveys.templates': {},
    'surveys.create': {
      orgId: org,
      title: '需求问卷',
      intro: '请填写',
      questions: [{ id: 'q1', type: 'single', title: '选一个', options: ['甲', '乙'], required: true }],
      anonymous: false,
      closesAt: '2030-12-05T18:00:00+08:00',
      fromTemplate: 'migrant_needs',
    },
    'surveys.update': { id: 'abc', title: '需求问卷', questions: [{ id: 'q1', type: 'scale', title: '打分' }] },
    'surveys.publish': { id: 'abc' },
    'surveys.close': { id: 'abc' },
    'surveys.list': { orgId: org, status: 'published', limit: 10, cursor: 'abc' },
    'surveys.get': { id: 'abc' },
    'surveys.answer': {
      id: 'abc',
      answers: { q1: '甲' },
      clientToken: 'abcdefgh1234',
      onBehalfOf: { householdId: 'abc', memberId: 'def' },
    },
    'surveys.results': { id: 'abc', by: 'grid' },
    'surveys.export': { id: 'abc' },
    'surveys.respondents': { id: 'abc', questionId: 'q1', option: '甲', limit: 10, cursor: 'abc' },
    'stats.overview': { orgId: org },
    'stats.trend': { orgId: org, metric: 'newResidents', months: 6 },
    'stats.children': { orgId: org },
    'stats.report': { orgId: org, month: '2026-11' },
    'stats.recount': { orgId: org },
    'community.createPair': { orgId: org, households: ['abc', 'def'], note: '结对' },
    'community.pairs': { orgId: org, status: 'active', mine: false, limit: 10, cursor: 'abc' },
    'community.getPair': { id: 'abc' },
    'community.logPairActivity': { pairId: 'abc', note: '走访', at: '2026-11-01T10:00:00+08:00' },
    'community.endPair': { pairId: 'abc', reason: '搬离' },
    'community.createTeam': { orgId: org, name: '志愿队', description: '助老' },
    'community.teams': { orgId: org },
    'community.getTeam': { id: 'abc' },
    'community.joinTeam': { teamId: 'abc' },
    'community.leaveTeam': { teamId: 'abc' },
    'community.setLead': { teamId: 'abc', memberId: 'def' },
    'community.logHours': { teamId: 'abc', memberId: 'def', hours: 2, at: '2026-11-01T10:00:00+08:00', note: '助老' },
    'community.myHours': {},
    'community.teamHours': { teamId: 'abc', months: 6 },
    ...eventInputs(org),
  };
}

/** Valid base inputs of the events actions (ids need not exist: validation comes first). */
function eventInputs(orgId: string): Record<string, Record<string, unknown>> {
  const fields = {
    type: 'banquet',
    title: '百家宴',
    description: '每户带一道家乡菜',
    location: { name: '社区广场', address: '关兴路', latitude: 25, longitude: 102.7 },
    startAt: '2030-12-05T18:00:00+08:00',
    endAt: '2030-12-05T21:00:00+08:00',
    signupDeadline: '2030-12-03T18:00:00+08:00',
    capacity: 100,
    maxPartySize: 5,
    waitlist: true,
    dishRequired: true,
  };
  const signup = { eventId: 'abc', contactName: '马丽', contactPhone: '13800000000', dietary: ['halal'] };
  const dish = { name: '油香', cuisine: '回族清真菜', halal: true };
  return {
    'events.create': { orgId, ...fields },
    'events.update': { id: 'abc', ...fields },
    'events.cancel': { id: 'abc', reason: '天气原因' },
    'events.list': { orgId, subtree: true, past: false, limit: 10, cursor: 'abc' },
    'events.get': { id: 'abc' },
    'events.signup': { ...signup, partySize: 3, dish, clientToken: 'abcdefgh1234' },
    'events.updateSignup': { ...signup, dish },
    'events.cancelSignup': { eventId: 'abc' },
    'events.mySignups': { limit: 10, cursor: 'abc' },
    'events.roster': { eventId: 'abc', status: 'confirmed', limit: 10, cursor: 'abc' },
    'events.checkin': { eventId: 'abc', checkinCode: 'AAAAAAAAAAAAAAAA' },
    'events.dishes': { eventId: 'abc' },
    'events.exportRoster': { eventId: 'abc', reason: '电话通知' },
    'events.sendReminders': { eventId: 'abc' },
    'events.reconcile': { eventId: 'abc' },
  };
}

function wrongType(value: unknown): unknown {
  if (typeof value === 'string') return 42;
  if (typeof value === 'number') return '42';
  if (typeof value === 'boolean') return 'true';
  return 'x';
}

interface Case {
  name: string;
  data: Record<string, unknown>;
  field: string;
}

function casesFor(fn: string, action: string, base: Record<string, unknown>): Case[] {
  const schema = SCHEMAS[fn][action];
  const cases: Case[] = [{ name: 'an unknown field', data: { ...base, bogus: 1 }, field: 'bogus' }];
  for (const [field, entry] of Object.entries(schema.entries)) {
    const value = base[field];
    if (value === undefined) continue;
    cases.push({ name: `${field}: {"$gt": ""}`, data: { ...base, [field]: { $gt: '' } }, field });
    cases.push({ name: `${field}: {"$ne": null}`, data: { ...base, [field]: { $ne: null } }, field });
    cases.push({ name: `${field}: wrong type`, data: { ...base, [field]: wrongType(value) }, field });
    cases.push({ name: `${field}: 1001 characters`, data: { ...base, [field]: 'x'.repeat(1001) }, field });
    if ((entry as { type: string }).type !== 'optional') {
      const { [field]: _omit, ...rest } = base;
      cases.push({ name: `${field}: missing`, data: rest, field });
    }
  }
  return cases;
}

let p: TestProject;
let inputs: Record<string, Record<string, unknown>>;
beforeAll(async () => {
  p = await TestProject.start();
  inputs = validInputs(p);
});
afterAll(() => p.stop());

test('every action of every function has a valid base input here', () => {
  for (const [fn, schemas] of Object.entries(SCHEMAS))
    for (const action of Object.keys(schemas)) expect(inputs).toHaveProperty([`${fn}.${action}`]);
});

test('bad input is INVALID_ARGUMENT with the field named, and the database is unchanged', async () => {
  const before = p.snapshot();
  let checked = 0;
  for (const key of Object.keys(inputs)) {
    const [fn, action] = key.split('.');
    for (const c of casesFor(fn, action, inputs[key])) {
      const res = await p.call('rootAdmin', fn, action, c.data);
      const fields = Object.keys(res.error?.details?.fields ?? {});
      const named = fields.some((f) => f === c.field || f.startsWith(`${c.field}.`));
      if (res.error?.code !== 'INVALID_ARGUMENT' || !named) {
        throw new Error(`${key} with ${c.name} answered ${JSON.stringify(res)}`);
      }
      checked++;
    }
  }
  expect(checked).toBeGreaterThan(250);
  expect(p.snapshot()).toBe(before);
});

test('an unknown action, or none, is INVALID_ARGUMENT naming `action`', async () => {
  for (const fn of Object.keys(SCHEMAS)) {
    for (const action of ['bogus', '__proto__', 'constructor', '']) {
      const res = await p.call('rootAdmin', fn, action);
      expect(res).toMatchObject({
        ok: false,
        error: { code: 'INVALID_ARGUMENT', details: { fields: { action: expect.any(String) } } },
      });
    }
  }
});

test('openid or _openid in the input is ignored: identity comes only from the WeChat context', async () => {
  const me = await p.ok('resident', 'users', 'me', { openid: 'demo-admin', _openid: 'demo-admin' });
  expect(me.openid).toBe('demo-resident');
  expect(me.roles).toEqual([]);
});

/**
 * Keys that JSON.stringify would not send as written (`__proto__` set in a literal is the prototype, not a key), so
 * these bodies are built as text. Each is the valid base input plus one poisoned key or one over-deep value.
 */
interface RawCase {
  name: string;
  body: string;
  field: string;
}

/** `base` as JSON text with `extra` (already JSON text: `"key":value`) appended, or a field replaced by it. */
function withRaw(action: string, base: Record<string, unknown>, extra: string, replacing?: string): string {
  const { [replacing ?? '']: _dropped, ...rest } = base;
  return `${JSON.stringify({ action, ...rest }).slice(0, -1)},${extra}}`;
}

const deepArray = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;
const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

function rawCasesFor(action: string, base: Record<string, unknown>): RawCase[] {
  const cases: RawCase[] = [
    {
      name: '__proto__ carrying fields',
      body: withRaw(action, base, '"__proto__":{"phone":"13800000000","name":"x","role":"admin"}'),
      field: '__proto__',
    },
    { name: 'constructor', body: withRaw(action, base, '"constructor":{"name":"x"}'), field: 'constructor' },
    { name: 'prototype', body: withRaw(action, base, '"prototype":1'), field: 'prototype' },
  ];
  for (const field of Object.keys(base)) {
    cases.push({
      name: `${field}: an object with __proto__`,
      body: withRaw(action, base, `"${field}":{"__proto__":{"x":1}}`, field),
      field,
    });
    cases.push({
      name: `${field}: an object with constructor`,
      body: withRaw(action, base, `"${field}":{"constructor":{"x":1}}`, field),
      field,
    });
  }
  // Over-deep values in the first field (or, with no field, under a new key: unknown either way).
  const deepField = Object.keys(base)[0] ?? 'deep';
  for (const [name, value] of [
    ['arrays 90 deep', deepArray(90)],
    ['objects 40 deep', deepObject(40)],
  ]) {
    cases.push({
      name: `${deepField}: ${name}`,
      body: withRaw(action, base, `"${deepField}":${value}`, deepField),
      field: deepField,
    });
  }
  return cases;
}

async function callRaw(fn: string, body: string): Promise<{ status: number; json?: Envelope }> {
  const res = await fetch(`${p.cloud.url}/fn/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-wx-openid': 'demo-admin' },
    body,
  });
  const text = await res.text();
  return { status: res.status, json: res.status === 200 ? (JSON.parse(text) as Envelope) : undefined };
}

describe.each(Object.keys(SCHEMAS))('poisoned keys and deep nesting, to every action of %s', (fn) => {
  test('are INVALID_ARGUMENT naming the field; nothing is written', async () => {
    const before = p.snapshot();
    let checked = 0;
    for (const action of Object.keys(SCHEMAS[fn])) {
      const base = inputs[`${fn}.${action}`];
      if (!base) continue; // reported by "every action of every function has a valid base input here"
      for (const c of rawCasesFor(action, base)) {
        const res = await callRaw(fn, c.body);
        const fields = Object.keys(res.json?.error?.details?.fields ?? {});
        const named = fields.some((f) => f === c.field || f.startsWith(`${c.field}.`));
        if (res.json?.error?.code !== 'INVALID_ARGUMENT' || !named) {
          throw new Error(`${fn}.${action} with ${c.name} answered ${res.status} ${JSON.stringify(res.json)}`);
        }
        checked++;
      }
      // Far deeper: the local cloud may refuse the body itself (400); the function must never fail on it.
      const deepest = await callRaw(fn, withRaw(action, base, `"deep":${deepArray(200)}`));
      if (deepest.status !== 400 && deepest.json?.error?.code !== 'INVALID_ARGUMENT') {
        throw new Error(
          `${fn}.${action} with arrays 200 deep answered ${deepest.status} ${JSON.stringify(deepest.json)}`,
        );
      }
    }
    expect(checked).toBeGreaterThan(Object.keys(SCHEMAS[fn]).length * 5);
    expect(p.snapshot()).toBe(before);
  });
});

test('a __proto__ smuggling a phone leaves the profile as it was', async () => {
  const before = await p.ok('resident', 'users', 'me');
  const res = await fetch(`${p.cloud.url}/fn/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-wx-openid': 'demo-resident' },
    body: '{"action":"updateProfile","__proto__":{"phone":"13900009999","name":"冒名"}}',
  });
  expect(await res.json()).toMatchObject({
    ok: false,
    error: { code: 'INVALID_ARGUMENT', details: { fields: { ['__proto__']: '不支持的字段' } } },
  });
  expect(await p.ok('resident', 'users', 'me')).toEqual(before);
});
