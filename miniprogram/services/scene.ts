import type { HomeRef, QrView } from '../shared/api';
import { resolveScene } from './qr';
import { setHome } from './users';

/**
 * Scanned codes, as data: reading the scene token out of launch options, page options and scan results, and
 * resolving it (`qr.resolve`) into where it belongs. A community or grid code also becomes the user's home
 * (`users.setHome`, so it sticks). Navigating there is the pages' part: `utils/scene-routing.ts`.
 */

export type InviteOffer = Extract<QrView, { type: 'invite' }>['view'];

/** Where a resolved code belongs. */
export type SceneLanding =
  | { kind: 'home'; home: HomeRef }
  | { kind: 'browse'; orgId: string; orgName: string }
  | { kind: 'invite'; invite: InviteOffer }
  | { kind: 'event'; eventId: string; title: string }
  | { kind: 'checkin'; eventId: string; code: string }
  | { kind: 'door'; scene: string }
  | { kind: 'survey'; surveyId: string }
  | { kind: 'elsewhere'; message: string };

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

/** The scene in a `wx.scanCode` result: `path` of a mini-program code ("<page>?scene=…") or the raw text. */
export function sceneFromScan(res: { path?: string; result?: string }): string | undefined {
  for (const text of [res.path, res.result]) {
    const match = typeof text === 'string' ? /[?&]scene=([^&#]+)/.exec(text) : null;
    if (match) return decode(match[1]);
  }
  return undefined;
}

/**
 * Resolves a scene into where it belongs:
 * - a community or grid code → it becomes the user's home → 首页;
 * - a code of a city, district or street → pick a community under it;
 * - an invite code → 我的, which asks the user to confirm before redeeming;
 * - an event code → its page; a check-in code → staff over the event: the check-in screen, the family: its sign-up;
 * - a door code → 门牌, which shows what this user may see of the household;
 * - a survey code → the survey to fill in.
 */
export async function openScene(scene: string): Promise<SceneLanding> {
  const qr = await resolveScene(scene);
  switch (qr.type) {
    case 'org': {
      const { org } = qr.view;
      if (org.level === 'community' || org.level === 'grid') {
        const { home } = await setHome(org.id);
        return { kind: 'home', home };
      }
      return { kind: 'browse', orgId: org.id, orgName: org.name };
    }
    case 'invite':
      return { kind: 'invite', invite: qr.view };
    case 'event':
      return { kind: 'event', eventId: qr.id, title: qr.view.event.title };
    case 'checkin':
      return qr.view.as === 'staff'
        ? { kind: 'checkin', eventId: qr.view.event.id, code: scene }
        : { kind: 'event', eventId: qr.view.event.id, title: qr.view.event.title };
    case 'household':
      return { kind: 'door', scene };
    case 'survey':
      return { kind: 'survey', surveyId: qr.id };
    default:
      return { kind: 'elsewhere', message: '请在对应的功能页面扫描此二维码' };
  }
}
