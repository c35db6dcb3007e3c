import crypto from 'node:crypto';
import type { SurveyQuestion } from '../miniprogram/shared/api';
import { deltasOf } from '../backend/surveys/counters';
import { adminCall, ejson, insertRaw } from './cloud';
import { measureSideBySide, type Results } from './lib';
import type { BenchProject } from './product';

const STAFF = 'demo-staff';
const ADMIN = 'demo-admin';

/** A small seeded PRNG (mulberry32): the same answers every run. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A valid random answer sheet (every question of the migrant-needs template answered). */
function sheet(questions: SurveyQuestion[], random: () => number): Record<string, string | number | string[]> {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const out: Record<string, string | number | string[]> = {};
  for (const q of questions) {
    if (q.type === 'ethnicity') out[q.id] = pick(['03', '03', '05', '07', '08', '14', '01']);
    else if (q.type === 'residency') out[q.id] = pick(['floating', 'floating', 'registered']);
    else if (q.type === 'single') out[q.id] = pick(q.options!);
    else if (q.type === 'multi') out[q.id] = [...new Set([pick(q.options!), pick(q.options!)])];
    else if (q.type === 'scale') out[q.id] = 1 + Math.floor(random() * 5);
    else if (q.type === 'number') out[q.id] = 1 + Math.floor(random() * 6);
    else out[q.id] = '希望社区多办技能培训';
  }
  return out;
}

/** Dotted counter paths → the nested counters document they make. */
function nest(flat: Record<string, number>, into: Record<string, unknown>): void {
  for (const [path, n] of Object.entries(flat)) {
    const keys = path.split('.');
    let node = into;
    for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
    const last = keys[keys.length - 1];
    node[last] = ((node[last] as number | undefined) ?? 0) + n;
  }
}

async function newSurvey(
  project: BenchProject,
  community: string,
): Promise<{ id: string; questions: SurveyQuestion[] }> {
  const { data } = await project.call<{ items: { key: string; title: string; questions: SurveyQuestion[] }[] }>(
    STAFF,
    'surveys',
    'templates',
  );
  const template = data.items.find((t) => t.key === 'migrant_needs')!;
  const { data: created } = await project.call<{ id: string }>(ADMIN, 'surveys', 'create', {
    orgId: community,
    title: template.title,
    questions: template.questions,
    fromTemplate: template.key,
  });
  await project.call(ADMIN, 'surveys', 'publish', { id: created.id });
  return { id: created.id, questions: template.questions };
}

/**
 * Loads `count` responses into a survey straight through /admin, with the counters document they add up to (what
 * `answer` keeps at answer time), as if `count` people had answered through the function.
 */
async function loadResponses(
  project: BenchProject,
  survey: { id: string; questions: SurveyQuestion[] },
  count: number,
  grids: string[],
): Promise<void> {
  const random = rng(20261130);
  const counters: Record<string, unknown> = {};
  const start = Date.now() - 30 * 86400_000;
  for (let i = 0; i < count; i += 1000) {
    const batch = [];
    for (let j = i; j < Math.min(count, i + 1000); j++) {
      const answers = sheet(survey.questions, random);
      const gridId = grids[j % grids.length];
      const onBehalf = j % 3 === 0;
      nest(deltasOf(survey.questions, answers, gridId, onBehalf), counters);
      const id = crypto.randomBytes(16).toString('hex');
      const createdAt = new Date(start + j * 60_000);
      batch.push({
        _id: id,
        surveyId: survey.id,
        clientKey: `bench:${id}`,
        byKey: `bench-resident-${j}`,
        onBehalf,
        householdId: null,
        memberId: null,
        gridId,
        answers,
        createdAt,
        sortKey: `${createdAt.getTime().toString(36).padStart(10, '0')}-${id}`,
      });
    }
    await insertRaw(project.cloud.url, 'surveyResponses', batch);
  }
  const texts = Array.from({ length: 20 }, (_, i) => ({ text: '希望社区多办技能培训', at: new Date(start + i) }));
  const text = survey.questions.filter((q) => q.type === 'text').map((q) => [q.id, texts]);
  await adminCall(project.cloud.url, {
    action: 'database.modifyDocument',
    collectionName: 'surveyResults',
    queryType: 'DOC',
    query: ejson({ _id: survey.id }),
    data: ejson({ ...counters, tx: Object.fromEntries(text) }),
    merge: false,
  });
}

/**
 * Survey results are counters kept at answer time: `results` of a survey with 30 responses against one with 30,000,
 * side by side (ratio near 1), with and without a cross-tab; then the database calls of each step of a survey.
 */
export async function benchSurveys(project: BenchProject, results: Results, many = 30_000): Promise<void> {
  const community = project.orgIdByName('中心区社区');
  const grids = [...project.cloud.store.collection('orgs').docs.values()]
    .filter((o) => o.parentId === community)
    .map((o) => o._id as string);
  const few = await newSurvey(project, community);
  const lots = await newSurvey(project, community);
  await loadResponses(project, few, 30, grids);
  await loadResponses(project, lots, many, grids);

  const timing = results.section(`surveys: results of 30 against ${many.toLocaleString('en')} responses, through /fn`);
  const side = async (label: string, extra: Record<string, unknown>) => {
    const [a, b] = await measureSideBySide(
      [
        {
          name: `results${label}, 30 responses`,
          fn: () => project.call(STAFF, 'surveys', 'results', { id: few.id, ...extra }),
        },
        {
          name: `results${label}, ${many.toLocaleString('en')} responses`,
          fn: () => project.call(STAFF, 'surveys', 'results', { id: lots.id, ...extra }),
        },
      ],
      { iterations: 100, warmup: 10 },
    );
    timing.timing(a);
    timing.timing(b);
    timing.ratio(`results${label}: ${many.toLocaleString('en')} / 30`, a, b, 'at most 1.5: counters, not a scan');
  };
  await side('', {});
  await side(' by ethnicity', { by: 'ethnicity' });
  await side(' by grid', { by: 'grid' });

  const calls = results.section('surveys: database calls per action (x-db-calls)');
  const record = async (label: string, who: string, action: string, data: Record<string, unknown>) => {
    const res = await project.call(who, 'surveys', action, data);
    calls.value(label, res.dbCalls);
    return res.data;
  };
  const answers = sheet(few.questions, rng(1));
  await record('surveys.answer (resident not in the registry, clientToken)', 'bench-answerer-1', 'answer', {
    id: lots.id,
    answers,
    clientToken: 'bench-token-0001',
  });
  await record('surveys.answer (repeat of the same clientToken)', 'bench-answerer-1', 'answer', {
    id: lots.id,
    answers,
    clientToken: 'bench-token-0001',
  });
  await record('surveys.answer (resident with a member record, no token)', 'demo-resident', 'answer', {
    id: lots.id,
    answers,
  });
  const member = [...project.cloud.store.collection('householdMembers').docs.values()].find(
    (m) => m.gridId === project.orgIdByName('第一网格（金色年华小区）') && m.status === 'active' && !m.openid,
  )!;
  await record('surveys.answer (grid worker for a member, onBehalfOf)', 'demo-grid-worker', 'answer', {
    id: lots.id,
    answers,
    onBehalfOf: { householdId: member.householdId, memberId: member._id },
  });
  await record('surveys.results', STAFF, 'results', { id: lots.id });
  await record('surveys.results by grid', STAFF, 'results', { id: lots.id, by: 'grid' });
  await record('surveys.get', 'demo-resident', 'get', { id: lots.id });
  await record('surveys.list (resident)', 'demo-resident', 'list', {});
}
