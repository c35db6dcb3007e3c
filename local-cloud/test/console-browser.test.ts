/**
 * The web console in a real browser: the system's Chromium (Debian's `chromium`; `.ci/run` installs it) driven by
 * playwright-core, over the project's functions and demo community. Opens the console with the token `npm start`
 * prints, finds a household and a member whose ID number shows sealed, edits the member, calls `users.me` as a
 * persona, sees the call in the log, runs a timer trigger and shifts the clock.
 *
 * `CONSOLE_SCREENSHOTS=docs/screens npx jest local-cloud/test/console-browser.test.ts` also writes console.png
 * (data) and console-functions.png there.
 */
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { INSTALL_HINT, findChromium } from '../../scripts/screens/chromium';
import { TestProject } from '../../test/helpers/project';

const SHOTS = process.env.CONSOLE_SCREENSHOTS ? path.resolve(process.env.CONSOLE_SCREENSHOTS) : undefined;
const SEALED_TEXT = /v1\.[0-9a-f]{8}\./;

let project: TestProject;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  const executablePath = findChromium();
  // CI installs Chromium (.ci/run): its absence is a failure, not a skip.
  if (!executablePath) throw new Error(`the console's browser test needs Chromium, which is missing.\n${INSTALL_HINT}`);
  project = await TestProject.start({ timers: true });
  browser = await chromium.launch({ executablePath });
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') pageErrors.push(msg.text());
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await project?.stop();
});

afterEach(() => expect(pageErrors.splice(0)).toEqual([]));

test('without the token the page says how to get in and shows no data', async () => {
  await page.goto(`${project.cloud.url}/console/`);
  await page.getByText('令牌无效').waitFor();
  await page.goto(`${project.cloud.url}/console/#token=wrong`);
  await page.getByText('令牌无效').waitFor();
  expect(await page.locator('button[data-collection]').count()).toBe(0);
  // The failed calls above logged 401s; they are the point of this test.
  expect(pageErrors.splice(0)).toEqual(expect.arrayContaining([expect.stringContaining('401')]));
  await page.evaluate('sessionStorage.clear()');
});

test('opens with the printed token, which leaves the address bar', async () => {
  await page.goto(project.cloud.consoleUrl);
  await page.locator('button[data-collection="households"]').waitFor();
  expect(page.url()).toBe(`${project.cloud.url}/console/`);
  await page.locator('#clock').getByText('云端时间 Cloud time').waitFor();
});

test('finds a household, then its member with the ID number sealed, and edits the member', async () => {
  await page.locator('button[data-collection="households"]').click();
  const household = page.locator('tr.doc-row').first();
  await household.waitFor();
  const householdId = (await household.getAttribute('data-id'))!;
  await household.click();
  await page.locator('#doc-view').getByText('"addrKey"').waitFor();

  await page.locator('button[data-collection="householdMembers"]').click();
  await page.locator('tr.doc-row').first().waitFor();
  await page.locator('#filter').fill(JSON.stringify({ householdId, idNumberEnc: { $ne: null } }));
  await page.getByRole('button', { name: '查询 Query' }).click();
  await page.locator('.results:not([aria-busy])').waitFor();
  const member = page.locator('tr.doc-row').first();
  expect(await member.textContent()).toContain(householdId);
  const memberId = (await member.getAttribute('data-id'))!;
  await member.click();
  const sealed = page.locator('#doc-view .sealed').first();
  await sealed.waitFor();
  expect(await sealed.textContent()).toMatch(/^已加密 sealed · key [0-9a-f]{8}$/);
  expect(await page.locator('#doc-view').textContent()).not.toMatch(SEALED_TEXT);
  expect(await member.textContent()).toContain('已加密 sealed ×');
  if (SHOTS) {
    await sealed.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'console.png') });
  }

  const stored = () => project.cloud.store.collection('householdMembers').docs.get(memberId)!;
  const before = stored();
  await page.getByRole('button', { name: '编辑 Edit' }).click();
  const editor = page.locator('#doc-editor');
  const edited = JSON.parse(await editor.inputValue());
  edited.occupation = '控制台修改 edited in the console';
  await editor.fill(JSON.stringify(edited, null, 2));
  await page.getByRole('button', { name: '保存 Save' }).click();
  await page.getByText('已保存 Saved').waitFor();
  expect(stored().occupation).toBe('控制台修改 edited in the console');
  // The sealed value went through the editor untouched, still sealed.
  expect(stored().idNumberEnc).toBe(before.idNumberEnc);
  expect(stored().createdAt).toEqual(before.createdAt);
});

test('calls users.me as a persona, sees the answer and the call in the log', async () => {
  await page.getByRole('tab', { name: '函数 Functions' }).click();
  await page.locator('#call-persona').selectOption('demo-staff');
  await page.locator('#call-function').selectOption('users');
  await page.locator('#call-event').fill('{"action": "me"}');
  await page.locator('#call-send').click();
  const answer = page.locator('#call-answer');
  await answer.getByText('HTTP 200').waitFor();
  const envelope = JSON.parse((await answer.locator('pre').textContent())!);
  expect(envelope.ok).toBe(true);
  expect(envelope.data.roles.map((r: { role: string }) => r.role)).toContain('staff');

  const requestId = (await answer.locator('.chip.code').textContent())!;
  const row = page.locator(`tr.call-row[data-request="${requestId}"]`);
  await row.waitFor();
  const cells = await row.locator('td').allTextContents();
  expect(cells.slice(1, 4)).toEqual(['users', 'me', 'demo-staff']);
  expect(Number(cells[5])).toBeGreaterThan(0);
  expect(cells[6]).toBe('OK');

  await page.locator('#log-filter').fill('demo-staff');
  await row.waitFor();
  await page.locator('#log-filter').fill('no-such-caller');
  await row.waitFor({ state: 'detached' });
  await page.locator('#log-filter').fill('');
  await row.waitFor();
});

test('runs a timer trigger now and shifts the clock', async () => {
  const trigger = page.locator('tr.trigger-row[data-trigger="exports/exportsCleanup"]');
  expect(await trigger.locator('.next').textContent()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:30:00$/);
  await trigger.getByRole('button', { name: '立即运行 Run now' }).click();
  await page.locator('#trigger-answer').getByText('完成 Done').waitFor();
  await page.locator('tr.call-row', { hasText: 'exports' }).getByText('— (wx_trigger)').first().waitFor();

  await page.locator('#clock-offset').fill('1d');
  await page.locator('#clock-set').click();
  await page.locator('#clock-state').getByText('偏移 Offset +1d').waitFor();
  expect(project.cloud.clock.offsetMs).toBe(86_400_000);
  await page.locator('#clock .chip').getByText('+1d').waitFor();
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'console-functions.png') });

  await page.getByRole('button', { name: '重置 Reset' }).click();
  await page.locator('#clock-state').getByText('真实时间 Real time').waitFor();
  expect(project.cloud.clock.offsetMs).toBe(0);
});

test('storage and outbox list what the cloud holds', async () => {
  await page.getByRole('tab', { name: '存储与消息 Storage & outbox' }).click();
  await page.getByRole('heading', { name: '订阅消息 Subscribe messages' }).waitFor();
  await page.getByRole('heading', { name: '文件夹 Folders' }).waitFor();
});
