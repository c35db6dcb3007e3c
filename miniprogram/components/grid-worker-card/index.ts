/** "我的网格员": the grid worker of the user's grid, with a button that calls them. */
Component({
  options: { styleIsolation: 'apply-shared' },
  properties: {
    name: { type: String, value: '' },
    phone: { type: String, value: '' },
    gridName: { type: String, value: '' },
  },
  data: { initial: '' },
  observers: {
    name(name: string) {
      this.setData({ initial: name ? name.slice(0, 1) : '' });
    },
  },
  methods: {
    /** Dials the worker's service phone (WeChat asks the user to confirm). */
    call() {
      if (this.data.phone) wx.makePhoneCall({ phoneNumber: this.data.phone });
    },
  },
});
