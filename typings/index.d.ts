// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- a global declaration file cannot import
/// <reference path="../node_modules/miniprogram-api-typings/index.d.ts" />

/** Globals of the mini program: what App() holds for every page. */
interface IAppOption {
  globalData: {
    /** A scene from a scanned code that is still to be handled by the page it lands on. */
    pendingScene?: string;
    /** The last scene handled in this session, so that the same launch options are not handled twice. */
    handledScene?: string;
    /** An invite code scanned elsewhere, waiting for the user's confirmation on the 我的 page. */
    pendingInvite?: import('../miniprogram/services/scene').InviteOffer;
    /** Bumped whenever the user's home community changes, so tab pages know to reload. */
    homeVersion?: number;
    /** The caller's `users.me`, fetched once per session for whoever `who` names (services/session.ts). */
    me?: { who: string; value: Promise<import('../miniprogram/shared/api').MeView> };
  };
}
