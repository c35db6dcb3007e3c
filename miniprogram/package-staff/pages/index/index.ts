import { largeFont, syncLargeFont } from '../../../behaviors/large-font';
import { workbench } from '../../../behaviors/workbench';
import { ROUTES } from '../../../shared/routes';
import { go } from '../../../utils/navigate';

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

    /** 组织架构 of the card's org; without cards (a system admin before any org exists), the top of the tree. */
    goOrgs(e: WechatMiniprogram.BaseEvent) {
      if (this.data.orgs.length) this.openFor(e, ROUTES.orgAdmin);
      else go(ROUTES.orgAdmin());
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

    goSurveys(e: WechatMiniprogram.BaseEvent) {
      this.openFor(e, ROUTES.surveyManage);
    },

    goGrants(e: WechatMiniprogram.BaseEvent) {
      this.openFor(e, ROUTES.grants);
    },
  },
});
