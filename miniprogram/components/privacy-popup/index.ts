/**
 * The privacy-consent popup required by `__usePrivacyCheck__`: WeChat holds back any privacy-related API (scanning,
 * phone numbers, location, clipboard…) until the user agrees, and raises `onNeedPrivacyAuthorization`; this popup
 * answers it with the user's choice. Every page includes it; the shown page registers the listener (WeChat keeps
 * only the last one). Pages that collect personal data call `requirePrivacy()` (utils/privacy.ts) first, which
 * shows it too.
 */
type PrivacyResolve = (res: { event: 'agree' | 'disagree' | 'exposureAuthorization'; buttonId?: string }) => void;

const AGREE_BUTTON_ID = 'privacy-agree';
let pendingResolve: PrivacyResolve | undefined;

Component({
  properties: {},
  data: { visible: false, contractName: '《石榴籽隐私保护指引》' },
  lifetimes: {
    attached() {
      this.listen();
      wx.getPrivacySetting({
        success: (res) => {
          if (res.privacyContractName) this.setData({ contractName: res.privacyContractName });
        },
      });
    },
  },
  pageLifetimes: {
    show() {
      this.listen();
    },
  },
  methods: {
    listen() {
      const listener = (resolve: PrivacyResolve) => {
        pendingResolve = resolve;
        resolve({ event: 'exposureAuthorization' });
        this.setData({ visible: true });
      };
      wx.onNeedPrivacyAuthorization(listener as unknown as WechatMiniprogram.OnNeedPrivacyAuthorizationCallback);
    },

    openContract() {
      wx.openPrivacyContract({});
    },

    /** The user tapped the `agreePrivacyAuthorization` button: the held-back API goes ahead. */
    onAgree() {
      pendingResolve?.({ event: 'agree', buttonId: AGREE_BUTTON_ID });
      pendingResolve = undefined;
      this.setData({ visible: false });
    },

    /** The held-back API fails with "privacy permission is not authorized"; nothing is collected. */
    onDisagree() {
      pendingResolve?.({ event: 'disagree' });
      pendingResolve = undefined;
      this.setData({ visible: false });
    },
  },
});
