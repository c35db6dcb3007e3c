/**
 * Needs surveys through /fn: a crowd answers at once and the counters match a recount of the stored responses;
 * one response per person and per member; replays; grid workers fill in for their own grid only; state and scope
 * rules; small cells.
 */
import { newCaller } from './helpers/events';
import { PERSONAS, TestProject } from './helpers/project';
import { newSurvey, type Question } from './helpers/surveys';

let p: TestProject;
beforeAll(async () => {
  p = await TestProject.start();
});
afterAll(() => p.stop());

/** A small seeded PRNG (mulberry32), so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(20261130);

async function setClock(offsetMs: number): Promise<void> {
  const res = await fetch(`${p.cloud.url}/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${p.cloud.credentials.secretKey}` },
    body: JSON.stringify({ offsetMs }),
  });
  if (res.status !== 200) throw new Error(`POST /clock answered ${res.status}`);
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];

/** A valid random answer sheet for the migrant-needs template. */
function answersFor(questions: Question[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const q of questions) {
    if (!q.required && random() < 0.2) continue;
    if (q.type === 'ethnicity') out[q.id] = pick(['03', '03', '03', '05', '07', '01']);
    else if (q.type === 'residency') out[q.id] = pick(['floating', 'floating', 'registered']);
    else if (q.type === 'single') out[q.id] = pick(q.options!);
    else if (q.type === 'multi')
      out[q.id] = q
        .options!.filter(() => random() < 0.4)
        .concat(q.options![0])
        .filter((v, i, a) => a.indexOf(v) === i);
    else if (q.type === 'scale') out[q.id] = 1 + Math.floor(random() * 5);
    else if (q.type === 'number') out[q.id] = 1 + Math.floor(random() * 6);
    else if (q.type === 'text') out[q.id] = `希望多办技能培训 ${Math.floor(random() * 100)}`;
  }
  return out;
}

const small = (n: number) => (n > 0 && n < 5 ? '<5' : n);
const responsesOf = (surveyId: string) =>
  p.docs('surveyResponses').filter((r) => r.surveyId === surveyId) as {
    answers: Record<string, unknown>;
    gridId: string | null;
    onBehalf: boolean;
  }[];

/** Expected tallies of a question over some responses, as the results show them. */
function recount(q: Question, rows: { answers: Record<string, unknown> }[]): Map<string, number | string> {
  const counts = new Map<string, number>();
  for (const r of rows) {
    const v = r.answers[q.id];
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) counts.set(String(one), (counts.get(String(one)) ?? 0) + 1);
  }
  return new Map([...counts].map(([k, n]) => [k, small(n)]));
}

function talliesOf(result: { tallies: { value: string; count: number | string }[] }): Map<string, number | string> {
  return new Map(result.tallies.filter((t) => t.count !== 0).map((t) => [t.value, t.count]));
}

describe('a crowd of 24 residents', () => {
  let survey: { id: string; questions: Question[] };
  const sheets = new Map<string, Record<string, unknown>>();

  beforeAll(async () => {
    survey = await newSurvey(p);
    const callers = Array.from({ length: 24 }, () => newCaller('survey-resident'));
    for (const c of callers) sheets.set(c, answersFor(survey.questions));
    const answers = await Promise.all(
      callers.map((c) =>
        p.call(c, 'surveys', 'answer', { id: survey.id, answers: sheets.get(c), clientToken: `tok-${c}` }),
      ),
    );
    expect(answers.filter((a) => !a.ok)).toEqual([]);
  });

  test('answering at once: every response is stored once and counted once', async () => {
    const rows = responsesOf(survey.id);
    expect(rows).toHaveLength(24);
    const results = await p.ok('staff', 'surveys', 'results', { id: survey.id });
    expect(results.responses).toBe(24);
    for (const q of survey.questions) {
      const r = results.questions.find((x: { id: string }) => x.id === q.id);
      expect(r.answered).toBe(rows.filter((row) => q.id in row.answers).length);
      if (['single', 'multi', 'ethnicity', 'residency', 'scale'].includes(q.type)) {
        expect(talliesOf(r)).toEqual(recount(q, rows));
      }
      if (q.type === 'scale' || q.type === 'number') {
        const values = rows.map((row) => row.answers[q.id]).filter((v): v is number => typeof v === 'number');
        expect(r.average).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 2);
      }
      if (q.type === 'text') {
        expect(r.texts.count).toBe(rows.filter((row) => q.id in row.answers).length);
        expect(r.texts.items.length).toBe(Math.min(20, r.texts.count));
      }
    }
  });

  test('the cross-tab by ethnicity and by a single-choice question matches a recount, with small cells', async () => {
    const rows = responsesOf(survey.id);
    for (const by of ['ethnicity', 'work', 'residency']) {
      const { crosstab } = await p.ok('staff', 'surveys', 'results', { id: survey.id, by });
      const groups = new Map<string, typeof rows>();
      for (const row of rows) {
        const g = row.answers[by] === undefined ? 'none' : String(row.answers[by]);
        groups.set(g, [...(groups.get(g) ?? []), row]);
      }
      expect(new Map(crosstab.rows.map((r: { group: string; responses: unknown }) => [r.group, r.responses]))).toEqual(
        new Map([...groups].map(([g, list]) => [g, small(list.length)])),
      );
      for (const row of crosstab.rows) {
        const members = groups.get(row.group)!;
        const needs = survey.questions.find((q) => q.id === 'needs')!;
        expect(talliesOf(row.questions.find((q: { id: string }) => q.id === 'needs'))).toEqual(recount(needs, members));
        // Free text never reaches a cross-tab.
        expect(row.questions.find((q: { id: string }) => q.id === 'suggest')).toBeUndefined();
      }
    }
  });

  test('a second answer is ALREADY_EXISTS; the same clientToken answers with the first', async () => {
    const [caller, sheet] = [...sheets][0];
    const first = responsesOf(survey.id).length;
    const again = await p.call(caller, 'surveys', 'answer', {
      id: survey.id,
      answers: sheet,
      clientToken: `tok-${caller}`,
    });
    expect(again.ok).toBe(true);
    expect(again.data.existing).toBe(true);
    const second = await p.call(caller, 'surveys', 'answer', {
      id: survey.id,
      answers: sheet,
      clientToken: 'another-token',
    });
    expect(second.error?.code).toBe('ALREADY_EXISTS');
    const noToken = await p.call(caller, 'surveys', 'answer', { id: survey.id, answers: sheet });
    expect(noToken.error?.code).toBe('ALREADY_EXISTS');
    expect(responsesOf(survey.id)).toHaveLength(first);
    const results = await p.ok('staff', 'surveys', 'results', { id: survey.id });
    expect(results.responses).toBe(first);
    const view = await p.ok(caller, 'surveys', 'get', { id: survey.id });
    expect(view.myResponse.responseId).toBe(again.data.responseId);
  });
});

test('a double tap (the same clientToken twice at once) stores one response', async () => {
  const survey = await newSurvey(p, { template: 'satisfaction' });
  const who = newCaller('double-tap');
  const data = { id: survey.id, answers: { overall: 5, speed: 5, attitude: 5 }, clientToken: 'double-tap-token' };
  const [a, b] = await Promise.all([p.ok(who, 'surveys', 'answer', data), p.ok(who, 'surveys', 'answer', data)]);
  expect(a.responseId).toBe(b.responseId);
  expect(responsesOf(survey.id)).toHaveLength(1);
  expect((await p.ok('staff', 'surveys', 'results', { id: survey.id })).responses).toBe(1);
});

test('publishing, closing and answering reach the dashboards’ counters of every org above', async () => {
  const statsOf = (key: string) =>
    (p.docs('orgStats').find((d) => d._id === p.orgId(key))?.surveys ?? {}) as { open?: number; responses?: number };
  const before = { zxq: statsOf('zxq'), gs: statsOf('gs') };
  const survey = await newSurvey(p, { template: 'satisfaction' });
  await p.ok(newCaller(), 'surveys', 'answer', { id: survey.id, answers: { overall: 2, speed: 2, attitude: 2 } });
  for (const key of ['zxq', 'gs'] as const) {
    expect(statsOf(key).open ?? 0).toBe((before[key].open ?? 0) + 1);
    expect(statsOf(key).responses ?? 0).toBe((before[key].responses ?? 0) + 1);
  }
  await p.ok('staff', 'surveys', 'close', { id: survey.id });
  expect(statsOf('zxq').open ?? 0).toBe(before.zxq.open ?? 0);
});

describe('grid workers fill it in for members of their own grid', () => {
  const memberOf = (gridKey: string, name?: string) => {
    const gridId = p.orgId(gridKey);
    const m = p
      .docs('householdMembers')
      .find((x) => x.gridId === gridId && x.status === 'active' && (!name || x.name === name))!;
    return { householdId: m.householdId as string, memberId: m._id as string };
  };

  test('for a member of their grid, marked as such; not for one of another grid; the member cannot answer again', async () => {
    const survey = await newSurvey(p, { template: 'satisfaction' });
    const ma = memberOf('zxq-g1', '马秀芳');
    expect(p.docs('householdMembers').find((m) => m._id === ma.memberId)!.openid).toBe(PERSONAS.resident);
    const answers = { overall: 5, speed: 4, attitude: 5 };
    const done = await p.ok('gridWorker', 'surveys', 'answer', { id: survey.id, answers, onBehalfOf: ma });
    const stored = p.docs('surveyResponses').find((r) => r._id === done.responseId)!;
    expect(stored).toMatchObject({ onBehalf: true, memberId: ma.memberId, gridId: p.orgId('zxq-g1') });

    const other = memberOf('zxq-g2');
    const refused = await p.call('gridWorker', 'surveys', 'answer', { id: survey.id, answers, onBehalfOf: other });
    expect(refused.error?.code).toBe('NOT_FOUND');
    // A resident (or staff) is no grid worker.
    const byResident = await p.call('resident', 'surveys', 'answer', { id: survey.id, answers, onBehalfOf: other });
    expect(byResident.error?.code).toBe('PERMISSION_DENIED');

    // 马秀芳 herself: her member record has answered already.
    const self = await p.call('resident', 'surveys', 'answer', { id: survey.id, answers });
    expect(self.error?.code).toBe('ALREADY_EXISTS');
    const twice = await p.call('gridWorker', 'surveys', 'answer', { id: survey.id, answers, onBehalfOf: ma });
    expect(twice.error?.code).toBe('ALREADY_EXISTS');

    const results = await p.ok('staff', 'surveys', 'results', { id: survey.id, by: 'grid' });
    expect(results.onBehalf).toBe(1);
    expect(results.crosstab.rows).toEqual([
      expect.objectContaining({ group: p.orgId('zxq-g1'), label: p.org('zxq-g1').name, responses: '<5' }),
    ]);
  });
});

describe('states and scope', () => {
  test('answering a draft or a closed survey is FAILED_PRECONDITION SURVEY_CLOSED', async () => {
    const draft = await newSurvey(p, { template: 'satisfaction', publish: false });
    const answers = { overall: 3, speed: 3, attitude: 3 };
    // A draft exists only for its managers.
    expect((await p.call('resident', 'surveys', 'answer', { id: draft.id, answers })).error?.code).toBe('NOT_FOUND');
    const asStaff = await p.call('staff', 'surveys', 'answer', { id: draft.id, answers });
    expect(asStaff.error).toMatchObject({ code: 'FAILED_PRECONDITION', details: { reason: 'SURVEY_CLOSED' } });

    const open = await newSurvey(p, { template: 'satisfaction' });
    await p.ok('staff', 'surveys', 'close', { id: open.id });
    const closed = await p.call(newCaller(), 'surveys', 'answer', { id: open.id, answers });
    expect(closed.error).toMatchObject({ code: 'FAILED_PRECONDITION', details: { reason: 'SURVEY_CLOSED' } });
    // Edits only in draft.
    const edit = await p.call('staff', 'surveys', 'update', { id: open.id, title: '改个标题' });
    expect(edit.error).toMatchObject({ code: 'FAILED_PRECONDITION', details: { reason: 'SURVEY_NOT_DRAFT' } });
  });

  test('past its closing time a published survey takes no answers', async () => {
    const survey = await newSurvey(p, {
      template: 'satisfaction',
      fields: { closesAt: new Date(Date.now() + 60 * 60_000).toISOString() },
    });
    await setClock(2 * 60 * 60_000);
    try {
      const late = await p.call(newCaller(), 'surveys', 'answer', {
        id: survey.id,
        answers: { overall: 3, speed: 3, attitude: 3 },
      });
      expect(late.error).toMatchObject({ code: 'FAILED_PRECONDITION', details: { reason: 'SURVEY_CLOSED' } });
      expect((await p.ok('resident', 'surveys', 'get', { id: survey.id })).open).toBe(false);
    } finally {
      await setClock(0);
    }
  });

  test('residents and staff of another community cannot read results; drafts do not exist for them', async () => {
    const survey = await newSurvey(p, { template: 'satisfaction' });
    for (const who of ['resident', 'chengduStaff', newCaller()]) {
      const res = await p.call(who, 'surveys', 'results', { id: survey.id });
      expect(res.error?.code).toBe('PERMISSION_DENIED');
      expect((await p.call(who, 'surveys', 'export', { id: survey.id })).error?.code).toBe('PERMISSION_DENIED');
    }
    const draft = await newSurvey(p, { template: 'satisfaction', publish: false });
    for (const who of ['resident', 'chengduStaff', 'gridWorker']) {
      expect((await p.call(who, 'surveys', 'results', { id: draft.id })).error?.code).toBe('NOT_FOUND');
      expect((await p.call(who, 'surveys', 'get', { id: draft.id })).error?.code).toBe('NOT_FOUND');
    }
    expect((await p.call('chengduStaff', 'surveys', 'publish', { id: draft.id })).error?.code).toBe('NOT_FOUND');
  });

  test('a grid worker under the survey reads results with free text as a count only', async () => {
    const survey = await newSurvey(p, { template: 'satisfaction' });
    await p.ok(newCaller(), 'surveys', 'answer', {
      id: survey.id,
      answers: { overall: 4, speed: 4, attitude: 4, improve: '停车难' },
    });
    const asWorker = await p.ok('gridWorker', 'surveys', 'results', { id: survey.id });
    const text = asWorker.questions.find((q: { id: string }) => q.id === 'improve');
    expect(text.texts).toEqual({ count: 1 });
    expect(asWorker.canListRespondents).toBe(false);
    const asStaff = await p.ok('staff', 'surveys', 'results', { id: survey.id });
    expect(asStaff.questions.find((q: { id: string }) => q.id === 'improve').texts.items[0].text).toBe('停车难');
    // One response: every breakdown cell is '<5', the total is exact, no average yet.
    const overall = asStaff.questions.find((q: { id: string }) => q.id === 'overall');
    expect(overall.tallies.find((t: { value: string }) => t.value === '4').count).toBe('<5');
    expect(overall.average).toBeNull();
    expect(asStaff.responses).toBe(1);
  });

  test('lists: residents see published surveys of their home and above; staff see drafts in scope', async () => {
    const published = await newSurvey(p, { template: 'satisfaction' });
    const draft = await newSurvey(p, { template: 'satisfaction', publish: false });
    const mine = await p.ok('resident', 'surveys', 'list', {});
    const ids = mine.items.map((s: { id: string }) => s.id);
    expect(ids).toContain(published.id);
    expect(ids).not.toContain(draft.id);
    const staff = await p.ok('staff', 'surveys', 'list', { orgId: p.orgId('zxq') });
    expect(staff.items.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining([published.id, draft.id]));
    const chengdu = await p.ok('chengduStaff', 'surveys', 'list', { orgId: p.orgId('zxq') });
    expect(chengdu.items.map((s: { id: string }) => s.id)).not.toContain(draft.id);
  });

  test('export (audited) and respondents turn a finding into a visit list', async () => {
    const survey = await newSurvey(p);
    const ma = p.docs('householdMembers').find((m) => m.openid === PERSONAS.resident)!;
    const answers = {
      ethnicity: '03',
      residency: 'floating',
      stay: '不到半年',
      work: '正在找工作',
      needs: ['子女入学入托'],
      mandarin: 3,
    };
    await p.ok('resident', 'surveys', 'answer', { id: survey.id, answers });
    const list = await p.ok('staff', 'surveys', 'respondents', {
      id: survey.id,
      questionId: 'needs',
      option: '子女入学入托',
    });
    expect(list.items).toEqual([expect.objectContaining({ memberId: ma._id, name: '马秀芳', onBehalf: false })]);
    const none = await p.ok('staff', 'surveys', 'respondents', {
      id: survey.id,
      questionId: 'needs',
      option: '看病就医',
    });
    expect(none.items).toEqual([]);
    expect(
      (
        await p.call('chengduStaff', 'surveys', 'respondents', {
          id: survey.id,
          questionId: 'needs',
          option: '看病就医',
        })
      ).error?.code,
    ).toBe('PERMISSION_DENIED');

    const file = await p.ok('staff', 'surveys', 'export', { id: survey.id });
    expect(file.fileID).toBeTruthy();
    expect(file.rows).toBe(1);
    expect(p.docs('auditLogs').some((a) => a.action === 'survey.export' && a.targetId === survey.id)).toBe(true);
  });
});

describe('bad input, as an attacker would send it', () => {
  let id: string;
  beforeAll(async () => {
    ({ id } = await newSurvey(p));
  });
  const valid = {
    ethnicity: '03',
    residency: 'floating',
    stay: '不到半年',
    work: '打零工',
    needs: ['看病就医'],
    mandarin: 4,
  };
  const fieldsOf = async (data: Record<string, unknown>) => {
    const res = await p.call(newCaller('attacker'), 'surveys', 'answer', { id, ...data });
    expect(res.error?.code).toBe('INVALID_ARGUMENT');
    return Object.keys(res.error?.details?.fields ?? {});
  };

  test('answers that do not fit the survey name the question', async () => {
    expect(await fieldsOf({ answers: { ...valid, stay: '十年' } })).toEqual(['answers.stay']);
    expect(await fieldsOf({ answers: { ...valid, mandarin: 6 } })).toEqual(['answers.mandarin']);
    expect(await fieldsOf({ answers: { ...valid, mandarin: '4' } })).toEqual(['answers.mandarin']);
    expect(await fieldsOf({ answers: { ...valid, ethnicity: '99' } })).toEqual(['answers.ethnicity']);
    expect(await fieldsOf({ answers: { ...valid, needs: ['看病就医', '看病就医'] } })).toEqual(['answers.needs']);
    expect(await fieldsOf({ answers: { ...valid, family: 1e12 } })).toEqual(['answers.family']);
    expect(await fieldsOf({ answers: { ...valid, nosuch: 'x' } })).toEqual(['answers.nosuch']);
    const { mandarin: _m, ...missing } = valid;
    expect(await fieldsOf({ answers: missing })).toEqual(['answers.mandarin']);
  });

  test('operator objects, huge arrays and odd shapes are refused before any database call', async () => {
    expect(await fieldsOf({ answers: { ...valid, stay: { $ne: '' } } })).toEqual(['answers.stay']);
    expect(
      (await fieldsOf({ answers: { ...valid, needs: Array.from({ length: 5000 }, () => '看病就医') } }))[0],
    ).toMatch(/^answers\.needs/);
    expect(await fieldsOf({ answers: 'all' })).toEqual(['answers']);
    expect(await fieldsOf({ answers: { ...valid, $where: '1' } })).toEqual(
      expect.arrayContaining([expect.stringMatching(/^answers/)]),
    );
    const many = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`q${i}`, 'x']));
    expect(await fieldsOf({ answers: many })).toEqual(['answers']);
    expect(await fieldsOf({ answers: valid, onBehalfOf: { householdId: { $gt: '' }, memberId: 'x' } })).toEqual([
      'onBehalfOf.householdId',
    ]);
    const byRes = await p.call('staff', 'surveys', 'results', { id, by: 'suggest' });
    expect(byRes.error?.details?.fields).toHaveProperty('by');
    const idRes = await p.call('staff', 'surveys', 'get', { id: { $gt: '' } });
    expect(idRes.error?.details?.fields).toHaveProperty('id');
  });

  test('questions are checked when a survey is built', async () => {
    const create = (questions: unknown) =>
      p.call('staff', 'surveys', 'create', { orgId: p.orgId('zxq'), title: '测试', questions });
    const fields = async (questions: unknown) => Object.keys((await create(questions)).error?.details?.fields ?? {});
    expect(await fields([{ id: 'a', type: 'single', title: '选一个' }])).toEqual(['questions.0.options']);
    expect(await fields([{ id: 'a', type: 'text', title: '说说', options: ['x', 'y'] }])).toEqual([
      'questions.0.options',
    ]);
    expect(
      await fields([
        { id: 'a', type: 'scale', title: '1' },
        { id: 'a', type: 'scale', title: '2' },
      ]),
    ).toEqual(['questions.1.id']);
    expect(await fields([{ id: 'a.b', type: 'scale', title: '1' }])).toEqual(['questions.0.id']);
    expect(await fields([{ id: 'a', type: 'vote', title: '1' }])).toEqual(['questions.0.type']);
    expect(await fields([])).toEqual(['questions']);
    expect(await fields(Array.from({ length: 51 }, (_, i) => ({ id: `q${i}`, type: 'scale', title: 't' })))).toEqual([
      'questions',
    ]);
    const other = await p.call('chengduStaff', 'surveys', 'create', {
      orgId: p.orgId('zxq'),
      title: '测试',
      questions: [{ id: 'a', type: 'scale', title: '打分' }],
    });
    expect(other.error?.code).toBe('PERMISSION_DENIED');
  });
});
