/// <reference path="../node_modules/miniprogram-api-typings/index.d.ts" />

/** Globals of the mini program: what App() holds for every page. */
interface IAppOption {
  globalData: {
    /** A scene from a scanned code that is still to be handled by the page it lands on. */
    pendingScene?: string;
  };
}
