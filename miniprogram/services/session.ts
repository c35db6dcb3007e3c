import { env } from '../config/env';
import { currentPersona } from '../config/personas';
import type { MeView } from '../shared/api';
import { appData } from '../utils/session';
import { callCloud } from './cloud';

/** Whose `me` is cached: the demo persona locally (the switcher changes it), the WeChat user in the cloud. */
function identity(): string {
  return env.mode === 'cloud' ? 'cloud' : `local:${currentPersona()}`;
}

/**
 * The caller — profile (phone masked), roles and home — fetched once per session and shared by every page; a failed
 * fetch is not kept. `refresh` fetches it again (pull-to-refresh on 我的). The services that change it (setHome,
 * updateProfile, redeemInvite) drop it, and another persona has its own.
 */
export function currentMe(options: { refresh?: boolean } = {}): Promise<MeView> {
  const data = appData();
  const who = identity();
  if (!options.refresh && data.me?.who === who) return data.me.value;
  const value = callCloud('users', 'me', {});
  data.me = { who, value };
  value.catch(() => {
    if (data.me?.value === value) data.me = undefined;
  });
  return value;
}

/** Drops the cached `me` after something changed it: the next page that needs it fetches it again. */
export function forgetMe(): void {
  appData().me = undefined;
}
