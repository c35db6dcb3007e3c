import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { SUBSCRIBE_TEMPLATES } from '../config/templates';
import { actAs, callAs, change, demoOrg, openLoaded, useLocalCloud, waitFor } from './helpers';
import { PAGES } from '../shared/routes';

const ME = PAGES.me;
const QUEUE = PAGES.requestQueue;
const G1 = ['昆明市', '官渡区', '关上街道', '中心区社区', '第一网格（金色年华小区）'];

/** A new grid worker of the first grid (their own profile, so nothing leaks into other tests). */
async function gridWorker(openid: string): Promise<string> {
  const { code } = await callAs('demo-staff', 'users', 'createInvite', {
    role: 'grid_worker',
    orgId: (await demoOrg(G1)).id,
  });
  await callAs(openid, 'users', 'redeemInvite', { code });
  return openid;
}

describe('staff languages and staff reminders', () => {
  beforeEach(() => useLocalCloud());

  it('我的 → 编辑资料 asks staff (not residents) for their languages, at most 5, and saves them', async () => {
    actAs('test-lang-resident');
    const plain = await openLoaded(ME);
    await plain.call('editProfile');
    await waitFor(() => expect((plain.data().form as { visible: boolean }).visible).toBe(true));
    expect(plain.has('.form-languages')).toBe(false);
    plain.detach();

    actAs(await gridWorker('test-lang-worker'));
    const page = await openLoaded(ME);
    await page.call('editProfile');
    await waitFor(() => expect((page.data().form as { visible: boolean }).visible).toBe(true));
    expect(page.textOf('.form-languages')).toContain('维吾尔语');
    await page.call('onNameChange', change('热依拉'));
    await page.call('onLanguagesChange', change(['维吾尔语', '藏语', '彝语', '蒙古语', '哈萨克语', '壮语']));
    await page.call('saveProfile');
    expect(page.textOf('.form-languages__error')).toContain('最多选择 5 种语言');
    await page.call('onLanguagesChange', change(['维吾尔语', '哈萨克语']));
    await page.call('saveProfile');
    expect((page.data().form as { visible: boolean }).visible).toBe(false);
    expect((await callAs('test-lang-worker', 'users', 'me', {})).profile.languages).toEqual(['维吾尔语', '哈萨克语']);
    // Editing again starts from what is saved.
    await page.call('editProfile');
    await waitFor(() =>
      expect((page.data().form as { languages: string[] }).languages).toEqual(['维吾尔语', '哈萨克语']),
    );
    page.detach();
  });

  it('the queue offers 开启新诉求提醒 once per session and asks for both staff templates from the tap', async () => {
    actAs('demo-grid-worker');
    const unset = await openLoaded(QUEUE);
    expect(unset.has('.queue-subscribe')).toBe(false); // no template configured: nothing to ask for
    unset.detach();

    const ask = jest.fn((opts: { fail?: (e: unknown) => void }) =>
      opts.fail?.({ errMsg: 'requestSubscribeMessage:fail' }),
    );
    (wx as unknown as { requestSubscribeMessage: unknown }).requestSubscribeMessage = ask;
    Object.assign(SUBSCRIBE_TEMPLATES, { staffNewRequest: 'tpl-staff-new', staffOverdue: 'tpl-staff-overdue' });
    try {
      const queue = await openLoaded(QUEUE);
      expect(queue.textOf('.queue-subscribe')).toContain('开启新诉求提醒');
      await queue.tap('.queue-subscribe__button');
      expect(ask).toHaveBeenCalledTimes(1);
      expect(ask).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['tpl-staff-new', 'tpl-staff-overdue'] }));
      expect(queue.has('.queue-subscribe')).toBe(false);
      expect(queue.data().status).toBe('ready'); // refused: the queue is unchanged
      queue.detach();

      const again = await openLoaded(QUEUE);
      expect(again.has('.queue-subscribe')).toBe(false);
      again.detach();
    } finally {
      Object.assign(SUBSCRIBE_TEMPLATES, { staffNewRequest: '', staffOverdue: '' });
    }
  });
});
