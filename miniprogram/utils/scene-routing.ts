import { CloudCallError } from '../services/errors';
import { openScene, sceneFromScan, type InviteOffer, type SceneLanding } from '../services/scene';
import { ROUTES } from '../shared/routes';
import { toast, toastError } from './feedback';
import { go, replace } from './navigate';
import { appData } from './session';

/**
 * Scanned codes, on the pages' side: a scene arriving with the launch (or a page's `?scene=`) is kept once and
 * handled by the next page shown; a code scanned inside the app is handled at once. Both go where
 * `services/scene.ts` says the code belongs, without navigating to the page the user is already on.
 */

/** The page handling a code, so that it is not opened again on top of itself. */
export type Here = 'home' | 'me' | 'event' | 'other';

/** Keeps a scanned scene for the next page that is shown (App.onLaunch/onShow and page onLoad call this). */
export function rememberScene(scene: string | undefined): void {
  if (!scene) return;
  const data = appData();
  // The same launch options reach App.onLaunch, App.onShow and the page's onLoad: handle them once.
  if (scene === data.pendingScene || scene === data.handledScene) return;
  data.pendingScene = scene;
}

/** Takes the pending scene, if any, marking it handled. */
export function takePendingScene(): string | undefined {
  const data = appData();
  const scene = data.pendingScene;
  if (scene) {
    data.pendingScene = undefined;
    data.handledScene = scene;
  }
  return scene;
}

/** A page that handles its own `?scene=` marks it handled, so that the next tab page does not open it again. */
export function claimScene(scene: string): void {
  if (appData().pendingScene === scene) takePendingScene();
}

/** An invite handed over by another page for 我的 to confirm. */
export function takePendingInvite(): InviteOffer | undefined {
  const data = appData();
  const invite = data.pendingInvite;
  data.pendingInvite = undefined;
  return invite;
}

/** The page a landing opens, or undefined when it belongs to `here` already (or nowhere). */
function landingUrl(landing: SceneLanding, here: Here): string | undefined {
  switch (landing.kind) {
    case 'home':
      return here === 'home' ? undefined : ROUTES.home();
    case 'invite':
      return here === 'me' ? undefined : ROUTES.me();
    case 'browse':
      return ROUTES.switchCommunity(landing.orgId);
    case 'event':
      return here === 'event' ? undefined : ROUTES.eventDetail(landing.eventId);
    case 'checkin':
      return ROUTES.eventCheckin(landing.eventId, landing.code);
    case 'door':
      return ROUTES.door(landing.scene);
    case 'survey':
      return ROUTES.surveyAnswer({ id: landing.surveyId });
    default:
      return undefined;
  }
}

/**
 * Goes where a landing belongs, unless the user is there already; `inPlace` replaces the current page (a page that
 * was opened by the code itself). A new home community and a code of no page are told in a toast.
 */
export function goToLanding(landing: SceneLanding, here: Here, inPlace = false): void {
  if (landing.kind === 'home') toast(`已进入${landing.home.communityName}`);
  if (landing.kind === 'elsewhere') toast(landing.message);
  // 我的 shows the invite when it is shown next.
  if (landing.kind === 'invite' && here !== 'me') appData().pendingInvite = landing.invite;
  const url = landingUrl(landing, here);
  if (url) (inPlace ? replace : go)(url);
}

/**
 * Handles a pending scanned code, if any, from the page being shown. A code that cannot be resolved (unknown,
 * rotated, no network) is told in a toast and the page carries on.
 */
export async function landPendingScene(here: Here): Promise<SceneLanding | undefined> {
  const scene = takePendingScene();
  if (!scene) return undefined;
  try {
    const landing = await openScene(scene);
    goToLanding(landing, here);
    return landing;
  } catch (err) {
    toastError(err);
    return undefined;
  }
}

/**
 * A page opened by a code of its own (`?scene=`): resolves it and, when the code belongs on another page (staff
 * scanning a family's check-in code land on the check-in screen), goes there in place of this one. Errors reject.
 */
export async function landOwnScene(scene: string, here: Here): Promise<SceneLanding> {
  claimScene(scene);
  const landing = await openScene(scene);
  goToLanding(landing, here, true);
  return landing;
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

/** Scans a code and goes where it belongs, as a launch scene would; errors become a toast. */
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
    toastError(err);
    return undefined;
  }
}
