import { largeFont, syncLargeFont } from '../../behaviors/large-font';
import { errorText } from '../../services/cloud';
import { landPendingScene, PAGES, rememberScene, sceneFromOptions } from '../../services/scene';
import { getMe } from '../../services/users';

type Status = 'loading' | 'ready' | 'error';

/**
 * 活动: events of the user's community. Events arrive with their own issue; until then the tab shows which community
 * it follows and a proper empty state with a way back, never a dead end.
 */
Component({
  behaviors: [largeFont],
  data: {
    largeFont: false,
    status: 'loading' as Status,
    errorText: '',
    communityName: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      rememberScene(sceneFromOptions({ scene: query.scene }));
    },

    async onShow(): Promise<void> {
      syncLargeFont(this);
      await landPendingScene('other');
      await this.load();
    },

    async onPullDownRefresh(): Promise<void> {
      await this.load();
      wx.stopPullDownRefresh();
    },

    async load(): Promise<void> {
      if (this.data.status !== 'ready') this.setData({ status: 'loading' });
      try {
        const me = await getMe();
        this.setData({ status: 'ready', communityName: me.home?.communityName ?? '' });
      } catch (err) {
        this.setData({ status: 'error', errorText: errorText(err) });
      }
    },

    retry() {
      return this.load();
    },

    goHome() {
      wx.switchTab({ url: PAGES.home });
    },

    goSwitchCommunity() {
      wx.navigateTo({ url: PAGES.switchCommunity });
    },
  },
});
