import { beforeEach, describe, expect, it } from '@jest/globals';
import { PAGES } from '../shared/routes';
import { actAs, callAs, demoOrg, lastUrl, openLoaded, queryOf, toasts, useLocalCloud, waitFor } from './helpers';

const STAFF = 'demo-staff';
const RESIDENT = 'demo-resident';
const ZXQ = ['昆明市', '官渡区', '关上街道', '中心区社区'];

type Loose = Record<string, unknown>;
const answerEvent = (id: string, value: unknown) => ({ detail: { id, value } });

/** The answers 马秀芳 gives to the required questions of the migrant-needs template. */
const REQUIRED_ANSWERS: [string, unknown][] = [
  ['ethnicity', '03'],
  ['residency', 'floating'],
  ['stay', '不到半年'],
  ['work', '正在找工作'],
  ['needs', ['就业信息与技能培训', '子女入学入托']],
  ['mandarin', 3],
];

/** A published survey of 中心区社区 from the migrant-needs template, built through the builder page. */
async function buildAndPublish(): Promise<string> {
  actAs(STAFF);
  const orgId = (await demoOrg(ZXQ)).id;
  const page = await openLoaded(PAGES.surveyEdit, { orgId, template: 'migrant_needs' });
  const questions = () => page.data().questions as { id: string; title: string }[];
  expect(page.data().form).toMatchObject({ title: '少数民族流动人口需求问卷', fromTemplate: 'migrant_needs' });
  expect(questions().map((q) => q.id)).toEqual(expect.arrayContaining(['ethnicity', 'residency', 'needs', 'suggest']));
  const count = questions().length;

  // Reorder: the second question up; then delete the last one and add a question of our own.
  const [first, second] = questions();
  await page.call('moveUp', { currentTarget: { dataset: { index: 1 } } });
  expect(
    questions()
      .slice(0, 2)
      .map((q) => q.id),
  ).toEqual([second.id, first.id]);
  await page.call('moveDown', { currentTarget: { dataset: { index: 0 } } });
  expect(questions()[0].id).toBe(first.id);
  await page.call('removeQuestion', { currentTarget: { dataset: { index: count - 1 } } });
  expect(questions()).toHaveLength(count - 1);
  await page.call('addQuestion');
  await page.call('onEditorField', { detail: { value: '' }, currentTarget: { dataset: { field: 'title' } } });
  await page.call('saveQuestion');
  expect((page.data().editor as Loose).errors).toHaveProperty('title');
  await page.call('onEditorField', {
    detail: { value: '希望的活动时间' },
    currentTarget: { dataset: { field: 'title' } },
  });
  await page.call('onEditorField', {
    detail: { value: '周末\n晚上' },
    currentTarget: { dataset: { field: 'optionsText' } },
  });
  await page.call('saveQuestion');
  expect(questions()).toHaveLength(count);
  expect(questions()[count - 1]).toMatchObject({ title: '希望的活动时间', options: ['周末', '晚上'], type: 'single' });

  await page.call('publish');
  await waitFor(() => expect(page.data().surveyStatus).toBe('published'));
  const id = page.data().id as string;
  expect(id).toBeTruthy();
  expect(page.data().can).toMatchObject({ update: false, publish: false, close: true, results: true });
  expect(page.has('.edit-qr')).toBe(true);
  expect(page.has('.edit-publish')).toBe(false);
  page.detach();
  return id;
}

describe('需求问卷', () => {
  beforeEach(() => {
    useLocalCloud();
    wx.removeStorageSync('largeFont');
  });

  it('staff build from a template and publish; a resident finds it on 首页, answers, and staff see the results', async () => {
    const id = await buildAndPublish();

    // 首页: the card lists the open survey of the resident's community.
    actAs(RESIDENT);
    await callAs(RESIDENT, 'users', 'setHome', { orgId: (await demoOrg(ZXQ)).id });
    const home = await openLoaded(PAGES.home);
    await waitFor(() => expect(home.textOf('.home-surveys')).toContain('少数民族流动人口需求问卷'));
    home.detach();

    const answer = await openLoaded(PAGES.surveyAnswer, { id });
    expect(answer.data()).toMatchObject({ paged: false, done: false, open: true, allowed: true });
    // Forwarded to the building's group or to Moments: the survey, with the sharer's community as `from`.
    const zxq = (await demoOrg(ZXQ)).id;
    const shareTitle = `【需求问卷】少数民族流动人口需求问卷｜${answer.data().orgName}`;
    expect(await answer.call('onShareAppMessage')).toEqual({
      title: shareTitle,
      path: `/${PAGES.surveyAnswer}?id=${id}&from=${zxq}`,
    });
    expect(await answer.call('onShareTimeline')).toEqual({ title: shareTitle, query: `id=${id}&from=${zxq}` });
    // A required question left out: the server names it under the question.
    for (const [qid, value] of REQUIRED_ANSWERS.slice(0, -1)) await answer.call('onAnswer', answerEvent(qid, value));
    await answer.call('submit');
    await waitFor(() => expect(answer.data().errors).toHaveProperty('mandarin'));
    expect(answer.textOf('.answer-question', '.question-error')).toBe('');
    await answer.call('onAnswer', answerEvent('mandarin', 3));
    await answer.call('submit');
    await waitFor(() => expect(answer.data().done).toBe(true));
    expect(answer.text()).toContain('感谢填写');
    expect(toasts()).toContain('已提交');
    answer.detach();

    // Opening it again: already answered.
    const again = await openLoaded(PAGES.surveyAnswer, { id });
    expect(again.data().done).toBe(true);
    again.detach();

    actAs(STAFF);
    const results = await openLoaded(PAGES.surveyResults, { id });
    expect(results.text()).toContain('共 1 份答卷');
    const cards = results.data().cards as { id: string; values: unknown[]; labels: string[] }[];
    const needs = cards.find((c) => c.id === 'needs')!;
    expect(needs.values[needs.labels.indexOf('子女入学入托')]).toBe('<5');
    expect(results.has('.results-chart')).toBe(true);

    await results.call('pickGrouping', { currentTarget: { dataset: { value: 'ethnicity' } } });
    await waitFor(() => expect(results.data().table).not.toBeNull());
    expect((results.data().table as { rows: { label: string }[] }).rows.map((r) => r.label)).toEqual(['回族']);

    // A finding becomes a visit list and an event.
    await results.call('openOption', {
      currentTarget: { dataset: { question: 'needs', value: '子女入学入托', label: '子女入学入托' } },
    });
    await waitFor(() => expect((results.data().respondents as unknown[]).length).toBe(1));
    expect(results.textOf('.picked-item')).toContain('马秀芳');
    await results.call('createEvent');
    const url = lastUrl('navigateTo');
    expect(url.split('?')[0]).toBe(`/${PAGES.eventEdit}`);
    expect(queryOf(url)).toMatchObject({ title: '子女入学入托服务活动' });
    results.detach();

    const edit = await openLoaded(PAGES.eventEdit, queryOf(url));
    expect((edit.data().form as Loose).title).toBe('子女入学入托服务活动');
    edit.detach();
  });

  it('a grid worker picks an open survey from a member’s card and fills it in for them', async () => {
    const { id } = await callAs(STAFF, 'surveys', 'create', {
      orgId: (await demoOrg(ZXQ)).id,
      title: '网格走访问卷',
      questions: [{ id: 'need', type: 'single', title: '最需要的帮助', options: ['就业', '入学'], required: true }],
    });
    await callAs(STAFF, 'surveys', 'publish', { id });
    const gridId = (await demoOrg([...ZXQ, '第一网格（金色年华小区）'])).id;
    const [first] = (await callAs('demo-grid-worker', 'households', 'list', { gridId })).items;
    const household = await callAs('demo-grid-worker', 'households', 'get', { id: first.id });
    const member = household.members[0];

    actAs('demo-grid-worker');
    const page = await openLoaded(PAGES.surveyAnswer, { householdId: household.id, memberId: member.memberId });
    expect(page.textOf('.answer-pick')).toContain(`代 ${member.name} 填写`);
    const choices = page.data().choices as { id: string }[];
    expect(choices.map((c) => c.id)).toContain(id);
    await page.call('pickSurvey', { currentTarget: { dataset: { id } } });
    await waitFor(() => expect(page.data().title).toBe('网格走访问卷'));
    expect(page.textOf('.answer-behalf')).toContain(member.name);
    await page.call('onAnswer', answerEvent('need', '就业'));
    await page.call('submit');
    await waitFor(() => expect(page.data().done).toBe(true));
    page.detach();
    const results = await callAs(STAFF, 'surveys', 'results', { id });
    expect(results).toMatchObject({ responses: 1, onBehalf: 1 });
  });

  it('in large-font mode one question fills the screen, and a required one stops 下一题', async () => {
    const { id } = await callAs(STAFF, 'surveys', 'create', {
      orgId: (await demoOrg(ZXQ)).id,
      title: '满意度',
      questions: [
        { id: 'overall', type: 'scale', title: '总体满意度', required: true },
        { id: 'ethnicity', type: 'ethnicity', title: '您的民族' },
      ],
    });
    await callAs(STAFF, 'surveys', 'publish', { id });
    wx.setStorageSync('largeFont', true);
    actAs('survey-page-resident');
    const page = await openLoaded(PAGES.surveyAnswer, { id });
    expect(page.data().paged).toBe(true);
    expect(page.has('.page--large')).toBe(true);
    expect(page.textOf('.answer-question')).toContain('总体满意度');
    await page.call('next');
    expect(page.data().step).toBe(0);
    expect(page.textOf('.answer-question', '.question-error')).toBe('此题必答');
    await page.tap('.answer-question', '.question-score');
    expect(page.data().answers).toEqual({ overall: 1 });
    await page.call('next');
    expect(page.data().step).toBe(1);
    expect(page.textOf('.answer-question')).toContain('您的民族');
    await page.call('onAnswer', answerEvent('ethnicity', '05'));
    expect(page.textOf('.answer-question', '.question-ethnicity')).toContain('维吾尔族');
    await page.call('submit');
    await waitFor(() => expect(page.data().done).toBe(true));
    page.detach();
  });
});
