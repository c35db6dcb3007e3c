import { largeFont, syncLargeFont } from '../../../behaviors/large-font';
import { workbench } from '../../../behaviors/workbench';
import { PAGES, ROUTES } from '../../../shared/routes';

/**
 * 我的网格 (grid workers): the grids the worker is bound to, each with 住户登记 / 诉求办理 and the grid's code for the
 * door notice boards (it opens 首页 of the grid, with the worker's card, for whoever scans it).
 */
Component({
  behaviors: [largeFont, workbench(['grid_worker'])],
  data: {
    homePage: PAGES.home,
  },
  methods: {
    onLoad() {
      return this.load();
    },

    onShow() {
      syncLargeFont(this);
    },

    /** The grid's requests (the queue in the staff subpackage, which grid workers use too). */
    goRequests(e: WechatMiniprogram.BaseEvent) {
      this.openFor(e, ROUTES.requestQueue);
    },

    /** The grid's registry: households, door codes, visits. */
    goHouseholds(e: WechatMiniprogram.BaseEvent) {
      this.openFor(e, ROUTES.householdList);
    },

    /** 导入住户台账: an Excel ledger from a chat into the grid. */
    goImport(e: WechatMiniprogram.BaseEvent) {
      this.openFor(e, ROUTES.ledgerImport);
    },
  },
});
