import { env } from './config/env';
import { sceneFromOptions } from './services/scene';
import { rememberScene } from './utils/scene-routing';

App<IAppOption>({
  globalData: {},

  /** Connects to CloudBase in cloud mode and keeps a scanned code for the first page (utils/scene-routing.ts). */
  onLaunch(options) {
    if (env.mode === 'cloud') wx.cloud.init({ ...(env.envId ? { env: env.envId } : {}), traceUser: true });
    rememberScene(sceneFromOptions(options));
  },

  /** A code scanned while the app was in the background arrives here. */
  onShow(options) {
    rememberScene(sceneFromOptions(options));
  },
});
