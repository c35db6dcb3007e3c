/**
 * The one switch between the real CloudBase environment and the offline local cloud (`npm start`).
 * - `cloud`: pages call `wx.cloud.callFunction` in the environment `envId`.
 * - `local`: pages call `POST <localUrl>/fn/<name>` with `wx.request`, acting as the persona chosen on the 我的 page.
 *   On a phone, use this computer's LAN address instead of 127.0.0.1 and turn off domain checks in DevTools.
 */
export interface EnvConfig {
  mode: 'local' | 'cloud';
  localUrl: string;
  envId: string;
}

export const env: EnvConfig = {
  mode: 'local',
  localUrl: 'http://127.0.0.1:3000',
  envId: '',
};
