import { largeFont, syncLargeFont } from '../../behaviors/large-font';
import { loadable } from '../../behaviors/loadable';
import { isCloudError } from '../../services/errors';
import { archiveOrg, createOrg, getStations, manageOrg, moveOrg, renameOrg } from '../../services/orgs';
import type { OrgCan, OrgView } from '../../shared/api';
import { childLevel, NO_ORG_CAN, type OrgLevel } from '../../shared/orgs';
import { ROUTES } from '../../shared/routes';
import { orgsSchemas } from '../../shared/schemas/orgs';
import { reasonDialog, transferDialog } from '../../utils/dialogs';
import { confirm, toastDone, toastError } from '../../utils/feedback';
import { dataOf, go } from '../../utils/navigate';
import {
  ARCHIVE_REFUSALS,
  childItem,
  childLabel,
  contactLines,
  orgHead,
  stationLine,
  type ChildItem,
  type ContactLine,
  type OrgHead,
  type StationLine,
} from '../../utils/org-views';
import { invalid, validated } from '../../utils/validate';

/**
 * 组织架构 (admins and staff): an org of the user's scope (without `orgId`, the cities), its children to browse
 * down, and what `orgs.manage`'s `can` allows there: add a child, rename, move a grid to another community, archive
 * (confirmed; a refusal tells why), the contact card, the stations of a community, invites and the ledger import of
 * a grid. Changes made on the pages it opens show when it is shown again.
 */
Component({
  behaviors: [largeFont, loadable],
  data: {
    orgId: '',
    org: null as OrgHead | null,
    level: '' as OrgLevel | '',
    children: [] as ChildItem[],
    childLabel: '',
    contact: [] as ContactLine[],
    stations: [] as StationLine[],
    can: NO_ORG_CAN as OrgCan,
    /** Why the last archive was refused, shown on the page. */
    refusal: null as { title: string; text: string } | null,
    shown: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ orgId: query.orgId ?? '' });
      return this.load();
    },

    /** Back from the contact card, a station or an invite: what changed there shows here. */
    onShow() {
      syncLargeFont(this);
      if (this.data.shown && this.data.status === 'ready') return this.load();
      this.setData({ shown: true });
      return undefined;
    },

    async fetch() {
      const { org, children, can } = await manageOrg(this.data.orgId || undefined);
      const head = org ? orgHead(org) : null;
      const stations = org && org.level === 'community' ? (await getStations({ orgId: org.id, limit: 50 })).items : [];
      return {
        refusal: null,
        org: head,
        level: org?.level ?? '',
        children: children.map(childItem),
        childLabel: childLabel(org),
        contact: org ? contactLines(org.contact, org.level === 'grid') : [],
        stations: stations.map(stationLine),
        can,
      };
    },

    /** Opens a child's own 组织架构. */
    openChild(e: WechatMiniprogram.BaseEvent) {
      go(ROUTES.orgAdmin(String(dataOf(e).id)));
    },

    /** A new child org (a city at the top), named in a dialog; its level is the next one down. */
    async addChild() {
      const { orgId, level } = this.data;
      const childOf = level ? childLevel(level) : 'city';
      if (!childOf) return;
      const created = await reasonDialog(this, '#name-dialog').open({
        title: `新建${this.data.childLabel}`,
        label: '名称',
        placeholder: childOf === 'grid' ? '例如：第五网格（春城花园）' : `${this.data.childLabel}名称`,
        confirmText: '新建',
        maxlength: 40,
        field: 'name',
        submit: (name) =>
          createOrg(validated(orgsSchemas.create, { ...(orgId ? { parentId: orgId } : {}), name, level: childOf })),
      });
      if (!created) return;
      toastDone('已新建');
      await this.load();
    },

    async rename() {
      const { org } = this.data;
      if (!org) return;
      const renamed = await reasonDialog(this, '#name-dialog').open({
        title: '重命名',
        notice: `现在的名称：${org.name}。成员的身份、二维码和已有记录都不受影响。`,
        label: '新名称',
        confirmText: '保存',
        maxlength: 40,
        field: 'name',
        submit: (name) => renameOrg(org.id, validated(orgsSchemas.rename, { id: org.id, name }).name),
      });
      if (!renamed) return;
      toastDone('已重命名');
      await this.load();
    },

    /** A grid to another community: picked by browsing the tree; everything under the grid follows. */
    async move() {
      const { org } = this.data;
      if (!org) return;
      const moved = await transferDialog(this, '#move-dialog').open<OrgView>({
        title: `调整「${org.name}」所属社区`,
        chooseText: '请选择新的所属社区',
        placeholder: '备注（选填）',
        confirmText: '调整',
        submit: async (target) => {
          if (target.level !== 'community') throw invalid('reason', '网格只能调整到社区下，请选择一个社区');
          return moveOrg(org.id, target.id);
        },
      });
      if (!moved) return;
      toastDone('已调整');
      await this.load();
    },

    /** Asks first; a refusal (open requests, events to come…) is told with its reason. */
    async archive() {
      const { org } = this.data;
      if (!org) return;
      const sure = await confirm({
        title: `归档「${org.name}」？`,
        content: '归档后它和全部下级组织不再接收新的诉求、活动、住户和邀请，已有记录会保留，可以继续查看。',
        confirmText: '归档',
        danger: true,
      });
      if (!sure) return;
      try {
        const res = await archiveOrg(org.id);
        toastDone(`已归档 ${res.archivedOrgs} 个组织`);
        await this.load();
      } catch (err) {
        const why = isCloudError(err, 'FAILED_PRECONDITION') && err.reason ? ARCHIVE_REFUSALS[err.reason] : undefined;
        if (!why) {
          toastError(err);
          return;
        }
        const refusal = { title: `暂时不能归档：${why}`, text: (err as Error).message };
        this.setData({ refusal });
        await wx.showModal({ title: refusal.title, content: refusal.text, showCancel: false, confirmText: '知道了' });
      }
    },

    goContact() {
      go(ROUTES.orgContact(this.data.orgId));
    },

    addStation() {
      go(ROUTES.stationEdit({ orgId: this.data.orgId }));
    },

    editStation(e: WechatMiniprogram.BaseEvent) {
      if (!this.data.can.updateStation) return;
      go(ROUTES.stationEdit({ orgId: this.data.orgId, id: String(dataOf(e).id) }));
    },

    goInvite() {
      go(ROUTES.invite(this.data.orgId));
    },

    goImport() {
      go(ROUTES.ledgerImport(this.data.orgId));
    },

    goImportLog() {
      go(ROUTES.importLog(this.data.orgId));
    },
  },
});
