import { largeFont, syncLargeFont } from '../../../behaviors/large-font';
import { loadable } from '../../../behaviors/loadable';
import {
  addVisit,
  getHousehold,
  issueClaimCode,
  listVisits,
  moveOut,
  revealMember,
  transferHousehold,
} from '../../../services/households';
import type { HouseholdCan, HouseholdView } from '../../../shared/api';
import { PAGES, ROUTES } from '../../../shared/routes';
import { householdsSchemas } from '../../../shared/schemas/households';
import { reasonDialog, transferDialog, visitForm } from '../../../utils/dialogs';
import { toastDone, toastError } from '../../../utils/feedback';
import { formatTime } from '../../../utils/format';
import {
  completenessStatus,
  housingLabel,
  memberItem,
  tagLabel,
  visitItem,
  type MemberItem,
  type VisitItem,
} from '../../../utils/household-views';
import { dataOf, go, goBack } from '../../../utils/navigate';
import { validated } from '../../../utils/validate';

type Field = 'idNumber' | 'phone';

/** The household's header as the page shows it. */
function headerOf(h: HouseholdView) {
  const missing = h.missing.map((m) => (m.name ? `${m.name}：${m.label}` : m.label));
  return {
    addressText: h.addressText,
    gridName: h.gridName ?? '',
    housing: housingLabel(h.housing),
    tags: h.tags.map(tagLabel),
    completeness: h.completeness,
    status: completenessStatus(h.completeness),
    missing: missing.join('、'),
    duplicate: h.duplicate,
    moved: h.status === 'moved_out' ? `整户已迁出${h.moveOutReason ? `：${h.moveOutReason}` : ''}` : '',
  };
}

const VISITS_PAGE = 10;

/**
 * 更多操作: everything about the household besides a visit, in a TDesign action sheet (整户迁出 in red), each
 * offered when the server's `can` allows the action behind it (the request goes in with a visit; the door code is
 * live while it can be rotated).
 */
const MORE_ACTIONS = [
  { key: 'request', label: '为该户代为提交诉求', icon: 'chat', needs: 'addVisit' },
  { key: 'qr', label: '门牌二维码', icon: 'qrcode', needs: 'rotateCode' },
  { key: 'edit', label: '修改地址和标签', icon: 'edit', needs: 'update' },
  { key: 'transfer', label: '转到其他网格', icon: 'swap', needs: 'transfer' },
  { key: 'moveOut', label: '整户迁出', icon: 'logout', color: '#d54941', needs: 'moveOut' },
] as const;
type MoreAction = (typeof MORE_ACTIONS)[number]['key'];

const moreActionsOf = (can: HouseholdCan) => MORE_ACTIONS.filter((a) => can[a.needs]);

/** Before the household loads: nothing is offered. */
const NONE: HouseholdCan = {
  update: false,
  addMember: false,
  moveOut: false,
  transfer: false,
  addVisit: false,
  rotateCode: false,
};

/**
 * 住户详情 (grid workers, staff and admins in scope): address, tags, completeness and what is missing, members with
 * masked ID numbers and phones (查看 asks for a reason, audited), duplicate warnings, visits (走访) with "代为提交诉求",
 * member changes and move-out, claim codes for residents, the door code, and transfer to another grid. The dialogs
 * are components (reason-dialog, transfer-dialog, visit-form) opened with a promise.
 */
Component({
  behaviors: [largeFont, loadable],
  data: {
    id: '',
    created: false,
    household: null as HouseholdView | null,
    header: null as ReturnType<typeof headerOf> | null,
    members: [] as MemberItem[],
    activeMembers: [] as { value: string; label: string }[],
    visits: [] as VisitItem[],
    visitsCursor: null as string | null,
    visitsLoading: false,
    claim: { visible: false, name: '', code: '', expires: '' },
    qrVisible: false,
    doorPage: PAGES.door,
    /** What the viewer may do with the household, as the server says (`HouseholdView.can`). */
    can: NONE,
    moreVisible: false,
    moreActions: [] as ReturnType<typeof moreActionsOf>,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '', created: query.created === '1' });
      return this.load();
    },

    /** Back from editing the household or a member: show what was saved. */
    onShow() {
      syncLargeFont(this);
      return this.data.status === 'ready' ? this.load() : undefined;
    },

    async fetch() {
      const [h, visits] = await Promise.all([
        getHousehold(this.data.id),
        listVisits({ id: this.data.id, limit: VISITS_PAGE }),
      ]);
      this.show(h);
      return { visits: visits.items.map(visitItem), visitsCursor: visits.nextCursor };
    },

    /** The address heads the page; the navigation bar keeps 住户详情 (a full address would be cut there). */
    show(h: HouseholdView) {
      this.setData({
        household: h,
        header: headerOf(h),
        can: h.can,
        moreActions: moreActionsOf(h.can),
        members: h.members.map(memberItem),
        activeMembers: h.members
          .filter((m) => m.status === 'active')
          .map((m) => ({ value: m.memberId, label: m.name })),
      });
    },

    async moreVisits(): Promise<void> {
      const cursor = this.data.visitsCursor;
      if (!cursor || this.data.visitsLoading) return;
      this.setData({ visitsLoading: true });
      try {
        const page = await listVisits({ id: this.data.id, limit: VISITS_PAGE, cursor });
        this.setData({ visits: [...this.data.visits, ...page.items.map(visitItem)], visitsCursor: page.nextCursor });
      } catch (err) {
        toastError(err);
      } finally {
        this.setData({ visitsLoading: false });
      }
    },

    memberAt(e: WechatMiniprogram.BaseEvent): MemberItem | undefined {
      return this.data.members.find((m) => m.memberId === dataOf(e).id);
    },

    // --- 更多操作

    openMore() {
      this.setData({ moreVisible: true });
    },

    closeMore() {
      this.setData({ moreVisible: false });
    },

    onMore(e: WechatMiniprogram.CustomEvent<{ index: number }>) {
      this.closeMore();
      const action: MoreAction | undefined = this.data.moreActions[e.detail.index]?.key;
      if (action === 'request') return this.openRequestForm();
      if (action === 'qr') return this.openQr();
      if (action === 'edit') return this.editHousehold();
      if (action === 'transfer') return this.openTransfer();
      if (action === 'moveOut') return this.moveOut();
      return undefined;
    },

    // --- household and members

    editHousehold() {
      go(ROUTES.householdEdit(this.data.id));
    },

    addMember() {
      go(ROUTES.memberAdd(this.data.id));
    },

    editMember(e: WechatMiniprogram.BaseEvent) {
      const m = this.memberAt(e);
      if (m) go(ROUTES.memberEdit(this.data.id, m.memberId));
    },

    /** 代填问卷: the open surveys over the grid, filled in face to face for this member. */
    answerSurvey(e: WechatMiniprogram.BaseEvent) {
      const m = this.memberAt(e);
      if (m) go(ROUTES.surveyAnswer({ householdId: this.data.id, memberId: m.memberId }));
    },

    /** The full number, for a reason that goes into the audit log; a phone can then be dialled. */
    openReveal(e: WechatMiniprogram.BaseEvent) {
      const m = this.memberAt(e);
      const field = dataOf(e).field as Field;
      if (!m) return undefined;
      return reasonDialog(this, '#reveal-dialog').open({
        title: `查看${m.name}的${field === 'idNumber' ? '身份证号' : '手机号'}`,
        notice: '查看会记录你的姓名、时间和理由。只在办事确需完整号码时查看，不要截图或转发。',
        label: '理由',
        placeholder: '例如：协助办理低保申请',
        confirmText: '查看',
        maxlength: 100,
        submit: async (reason) => {
          const input = validated(householdsSchemas.reveal, { id: this.data.id, memberId: m.memberId, field, reason });
          return (await revealMember(input)).value;
        },
        show: (value) => ({ text: value, ...(field === 'phone' ? { phone: value } : {}) }),
      });
    },

    // --- visits, and a request opened for the household

    openVisit() {
      return this.visit(false);
    },

    openRequestForm() {
      return this.visit(true);
    },

    async visit(openRequest: boolean): Promise<void> {
      const visit = await visitForm(this, '#visit-form').open({
        openRequest,
        members: this.data.activeMembers,
        submit: (input) => addVisit(validated(householdsSchemas.addVisit, { id: this.data.id, ...input })),
      });
      if (!visit) return;
      this.setData({ visits: [visitItem(visit), ...this.data.visits] });
      toastDone(visit.requestId ? '已记录，诉求已提交' : '已记录走访');
    },

    openRequest(e: WechatMiniprogram.BaseEvent) {
      const id = String(dataOf(e).id ?? '');
      if (id) go(ROUTES.requestDetail(id));
    },

    // --- move-out (a member, or with no member the whole household) and transfer

    openMoveOut(e: WechatMiniprogram.BaseEvent): Promise<void> {
      return this.moveOut(this.memberAt(e));
    },

    async moveOut(m?: MemberItem): Promise<void> {
      const moved = await reasonDialog(this, '#move-dialog').open({
        title: m ? `${m.name}迁出` : '整户迁出',
        notice: '迁出后信息保留在记录中；整户迁出后门牌二维码失效。',
        label: '原因',
        placeholder: '例如：回老家就业',
        confirmText: '确认迁出',
        danger: true,
        submit: (reason) =>
          moveOut(
            validated(householdsSchemas.moveOut, { id: this.data.id, reason, ...(m ? { memberId: m.memberId } : {}) }),
          ),
      });
      if (!moved) return;
      this.show(moved);
      toastDone('已迁出');
    },

    /** Hands the household to another grid; it leaves this worker's list. */
    async openTransfer(): Promise<void> {
      const done = await transferDialog(this, '#transfer-dialog').open({
        title: '转到其他网格',
        gridOnly: true,
        chooseText: '请在下方选择转入的网格',
        placeholder: '原因（必填），例如：全家搬到永顺里社区',
        confirmText: '转移',
        submit: (target, reason) =>
          transferHousehold(validated(householdsSchemas.transfer, { id: this.data.id, toGridId: target.id, reason })),
      });
      if (!done) return;
      toastDone('已转移');
      goBack();
    },

    // --- a claim code for a resident, and the door code

    async openClaim(e: WechatMiniprogram.BaseEvent): Promise<void> {
      const m = this.memberAt(e);
      if (!m) return;
      try {
        const { code, expiresAt } = await issueClaimCode(this.data.id, m.memberId);
        this.setData({ claim: { visible: true, name: m.name, code, expires: formatTime(expiresAt) } });
      } catch (err) {
        toastError(err);
      }
    },

    closeClaim() {
      this.setData({ 'claim.visible': false });
    },

    openQr() {
      if (this.data.household?.scene) this.setData({ qrVisible: true });
    },

    closeQr() {
      this.setData({ qrVisible: false });
    },
  },
});
