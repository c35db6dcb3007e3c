import { toast } from './feedback';

/**
 * WeChat's privacy consent before personal data is collected or sent (`__usePrivacyCheck__`): shows the
 * privacy-popup if the user has not agreed yet. Resolves false when they refuse, after telling them what needs it
 * ("同意隐私保护指引后才能<purpose>").
 */
export function requirePrivacy(purpose: string): Promise<boolean> {
  return new Promise((resolve) => {
    wx.requirePrivacyAuthorize({
      success: () => resolve(true),
      fail: () => {
        toast(`同意隐私保护指引后才能${purpose}`);
        resolve(false);
      },
    });
  });
}
