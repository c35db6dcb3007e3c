import { largeFont, syncLargeFont } from '../../../behaviors/large-font';
import { workbench } from '../../../behaviors/workbench';
import { ROUTES } from '../../../shared/routes';

/** 社区管理 (staff and admins): the orgs the user works for, with invites, requests, events and (admins) grants. */
Component({
  behaviors: [largeFont, workbench(['staff', 'admin'])],
  methods: {
    onLoad() {
      return this.load();
    },

    onShow() {
      syncLargeFont(this);
    },

    goInvite(e: WechatMiniprogram.BaseEvent) {
      this.openFor(e, ROUTES.invite);
    },

    /** The requests of the org's subtree (the staff queue). */
    goRequests(e: WechatMiniprogram.BaseEvent) {
      this.openFor(e, ROUTES.requestQueue);
    },

    goEvents(e: WechatMiniprogram.BaseEvent) {
      this.openFor(e, ROUTES.eventManage);
    },

    goGrants(e: WechatMiniprogram.BaseEvent) {
      this.openFor(e, ROUTES.grants);
    },
  },
});
