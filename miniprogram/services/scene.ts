import type { HomeRef, QrView } from '../shared/api';
import { appData, markHomeChanged } from '../utils/session';
import { CloudCallError, errorText } from './errors';
import { resolveScene } from './qr';
import { setHome } from './users';
import { DOOR_PAGE } from '../shared/households';
import { EVENT_URLS } from '../utils/event-views';

/**
 * Scanned codes. A mini-program code opens a page with `scene=<token>` (in App's launch/show options as
 * `query.scene`, in the page's onLoad options as `scene`); the token is resolved by `qr.resolve` and routed:
 * - a community or grid code → it becomes the user's home (`users.setHome`, so it sticks) → 首页;
 * - a code of a city, district or street → pick a community under it;
 * - an invite code → 我的, which asks the user to confirm before redeeming;
 * - an event code → its detail page; a check-in code → staff over the event: the check-in screen (the family checked
 *   in at once), the family itself: its sign-up;
 * - a door code → 门牌 (`pages/door/index`), which shows what this user may see of the household.
 */

export type InviteOffer = Extract<QrView, { type: 'invite' }>['view'];

export type SceneLanding =
  | { kind: 'home'; home: HomeRef }
  | { kind: 'browse'; orgId: string; orgName: string }
  | { kind: 'invite'; invite: InviteOffer }
  | { kind: 'event'; eventId: string; title: string }
  | { kind: 'checkin'; eventId: string; code: string }
  | { kind: 'door'; scene: string }
  | { kind: 'elsewhere'; message: string };

/** The page a handler runs on, so that routing does not navigate to where the user already is. */
export type Here = 'home' | 'me' | 'other';

export const PAGES = {
  home: '/pages/home/index',
  events: '/pages/events/index',
  me: '/pages/me/index',
  switchCommunity: '/pages/switch-community/index',
} as const;

function decode(raw: string): string | undefined {
  try {
    const scene = decodeURIComponent(raw).trim();
    return scene || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The scene in launch options (`{ query: { scene } }`; their numeric `scene` is WeChat's entry scene value and is
 * ignored) or in a page's onLoad options (`{ scene }`).
 */
export function sceneFromOptions(options?: {
  query?: Record<string, string | undefined>;
  scene?: unknown;
}): string | undefined {
  const fromQuery = options?.query?.scene;
  if (typeof fromQuery === 'string' && fromQuery) return decode(fromQuery);
  if (typeof options?.scene === 'string' && options.scene) return decode(options.scene);
  return undefined;
}

/** The scene in a `wx.scanCode` result: `path` of a mini-program code ("pages/home/index?scene=…") or the raw text. */
export function sceneFromScan(res: { path?: string; result?: string }): string | undefined {
  for (const text of [res.path, res.result]) {
    const match = typeof text === 'string' ? /[?&]scene=([^&#]+)/.exec(text) : null;
    if (match) return decode(match[1]);
  }
  return undefined;
}

/** Keeps a scanned scene for the next page that is shown (App.onLaunch/onShow and page onLoad call this). */
export function rememberScene(scene: string | undefined): void {
  if (!scene) return;
  const data = appData();
  // The same launch options reach App.onLaunch, App.onShow and the page's onLoad: handle them once.
  if (scene === data.pendingScene || scene === data.handledScene) return;
  data.pendingScene = scene;
}

export function takePendingScene(): string | undefined {
  const data = appData();
  const scene = data.pendingScene;
  if (scene) {
    data.pendingScene = undefined;
    data.handledScene = scene;
  }
  return scene;
}

/** An invite handed over by another page for the 我的 page to confirm. */
export function takePendingInvite(): InviteOffer | undefined {
  const data = appData();
  const invite = data.pendingInvite;
  data.pendingInvite = undefined;
  return invite;
}

/** Resolves a scene and does what it asks, except navigating (see `goToLanding`). */
export async function openScene(scene: string): Promise<SceneLanding> {
  const qr = await resolveScene(scene);
  switch (qr.type) {
    case 'org': {
      const { org } = qr.view;
      if (org.level === 'community' || org.level === 'grid') {
        const { home } = await setHome(org.id);
        markHomeChanged();
        return { kind: 'home', home };
      }
      return { kind: 'browse', orgId: org.id, orgName: org.name };
    }
    case 'invite':
      return { kind: 'invite', invite: qr.view };
    case 'event':
      return { kind: 'event', eventId: qr.id, title: qr.view.event.title };
    case 'checkin':
      // Staff over the event check the family in; the family sees its own sign-up.
      return qr.view.as === 'staff'
        ? { kind: 'checkin', eventId: qr.view.event.id, code: scene }
        : { kind: 'event', eventId: qr.view.event.id, title: qr.view.event.title };
    case 'household':
      // A door code: the door page shows what this user may see (record, own household card or door card).
      return { kind: 'door', scene };
    default:
      return { kind: 'elsewhere', message: '请在对应的功能页面扫描此二维码' };
  }
}

/** Navigates to the page a landing belongs on, unless the user is on it already. */
export function goToLanding(landing: SceneLanding, here: Here): void {
  if (landing.kind === 'home') {
    wx.showToast({ title: `已进入${landing.home.communityName}`, icon: 'none' });
    if (here !== 'home') wx.switchTab({ url: PAGES.home });
  } else if (landing.kind === 'invite') {
    if (here !== 'me') {
      appData().pendingInvite = landing.invite;
      wx.switchTab({ url: PAGES.me });
    }
  } else if (landing.kind === 'browse') {
    wx.navigateTo({ url: `${PAGES.switchCommunity}?orgId=${encodeURIComponent(landing.orgId)}` });
  } else if (landing.kind === 'event') {
    wx.navigateTo({ url: EVENT_URLS.detail(landing.eventId) });
  } else if (landing.kind === 'door') {
    wx.navigateTo({ url: `/${DOOR_PAGE}?scene=${encodeURIComponent(landing.scene)}` });
  } else if (landing.kind === 'checkin') {
    wx.navigateTo({ url: `${EVENT_URLS.checkin(landing.eventId)}&code=${encodeURIComponent(landing.code)}` });
  } else {
    wx.showToast({ title: landing.message, icon: 'none' });
  }
}

/**
 * Handles a pending scanned code, if any, from the page being shown: opens it and routes. A code that cannot be
 * resolved (unknown, rotated, network) is reported in a toast and the page carries on.
 */
export async function landPendingScene(here: Here): Promise<SceneLanding | undefined> {
  const scene = takePendingScene();
  if (!scene) return undefined;
  try {
    const landing = await openScene(scene);
    goToLanding(landing, here);
    return landing;
  } catch (err) {
    wx.showToast({ title: errorText(err), icon: 'none' });
    return undefined;
  }
}

/** Opens the camera; resolves with the scanned scene, or undefined when the user cancels. */
export function scanScene(): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    wx.scanCode({
      scanType: ['wxCode', 'qrCode'],
      success: (res) => {
        const scene = sceneFromScan(res);
        if (scene) resolve(scene);
        else reject(new CloudCallError('NOT_FOUND', '这不是石榴籽的二维码'));
      },
      fail: (err) => {
        if (/cancel/.test(err.errMsg)) resolve(undefined);
        else reject(new CloudCallError('INTERNAL', '暂时无法扫码，请稍后重试'));
      },
    });
  });
}

/** Scans a code and opens it like a launch scene would; errors become a toast. */
export async function scanAndOpen(here: Here): Promise<SceneLanding | undefined> {
  try {
    const scene = await scanScene();
    if (!scene) return undefined;
    wx.showLoading({ title: '正在识别', mask: true });
    let landing: SceneLanding;
    try {
      landing = await openScene(scene);
    } finally {
      wx.hideLoading();
    }
    goToLanding(landing, here);
    return landing;
  } catch (err) {
    wx.showToast({ title: errorText(err), icon: 'none' });
    return undefined;
  }
}
