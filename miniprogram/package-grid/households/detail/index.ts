import { largeFont, syncLargeFont } from '../../../behaviors/large-font';
import { errorText, isCloudError } from '../../../services/cloud';
import {
  addVisit,
  getHousehold,
  issueClaimCode,
  listVisits,
  moveOut,
  revealMember,
  transferHousehold,
} from '../../../services/households';
import { getQrImage } from '../../../services/qr';
import type { DuplicateHit, HouseholdView, MemberView, VisitView } from '../../../shared/api';
import { REQUEST_CATEGORIES, categoryLabel } from '../../../shared/categories';
import { DOOR_PAGE } from '../../../shared/households';
import { householdsSchemas } from '../../../shared/schemas/households';
import { formatTime } from '../../../utils/format';
import {
  HOUSEHOLD_URLS,
  NEED_OPTIONS,
  completenessTheme,
  housingLabel,
  memberFacts,
  needsText,
  tagLabel,
} from '../../../utils/household-views';
import { REQUEST_URLS } from '../../../utils/request-views';
import { validate, type FieldErrors } from '../../../utils/validate';

type Status = 'loading' | 'ready' | 'error';
type Field = 'idNumber' | 'phone';

interface MemberItem {
  memberId: string;
  name: string;
  facts: string;
  idNumber: string;
  phone: string;
  occupation: string;
  languages: string;
  needs: string;
  active: boolean;
  movedText: string;
  linked: boolean;
  duplicateText: string;
}

interface VisitItem {
  id: string;
  at: string;
  byName: string;
  notes: string;
  needs: string;
  requestId: string;
}

/** What a grid worker is told about another record with the same ID number: where, only inside their scope. */
function duplicateText(hits: DuplicateHit[] | undefined): string {
  if (!hits?.length) return '';
  const inside = hits.filter((h) => h.inYourScope).map((h) => [h.gridName, h.addressText].filter(Boolean).join(' '));
  const outside = hits.length - inside.length;
  const parts = [];
  if (inside.length) parts.push(`也登记在：${inside.join('；')}`);
  if (outside) parts.push(`另有 ${outside} 处登记不在你的管辖范围，请联系社区核实`);
  return `身份证号重复：${parts.join('；')}`;
}

function memberItem(m: MemberView): MemberItem {
  return {
    memberId: m.memberId,
    name: m.name,
    facts: memberFacts(m),
    idNumber: m.idNumber ?? '',
    phone: m.phone ?? '',
    occupation: m.occupation ?? '',
    languages: m.languages.join('、'),
    needs: needsText(m.needs),
    active: m.status === 'active',
    movedText: m.movedOutAt
      ? `已于 ${formatTime(m.movedOutAt)} 迁出${m.moveOutReason ? `：${m.moveOutReason}` : ''}`
      : '',
    linked: m.linked,
    duplicateText: duplicateText(m.duplicates),
  };
}

function visitItem(v: VisitView): VisitItem {
  return {
    id: v.id,
    at: formatTime(v.at),
    byName: v.byName ?? '',
    notes: v.notes,
    needs: needsText(v.needs),
    requestId: v.requestId ?? '',
  };
}

const CLOSED_REVEAL = {
  visible: false,
  memberId: '',
  field: 'idNumber' as Field,
  title: '',
  reason: '',
  error: '',
  value: '',
};
const CLOSED_VISIT = {
  visible: false,
  notes: '',
  needs: [] as string[],
  openRequest: false,
  category: '',
  categoryLabel: '',
  description: '',
  memberId: '',
  memberName: '',
  errors: {} as FieldErrors,
};
const CLOSED_MOVE = { visible: false, memberId: '', title: '', reason: '', error: '' };
const CLOSED_TRANSFER = { visible: false, targetId: '', targetName: '', reason: '', error: '' };
const CLOSED_QR = { visible: false, status: 'idle' as 'idle' | 'loading' | 'ready' | 'error', url: '', error: '' };

/**
 * 住户详情 (grid workers, staff and admins in scope): address, tags, completeness and what is missing, members with
 * masked ID numbers and phones (查看 asks for a reason, audited), duplicate warnings, visits (走访) with "代为提交诉求",
 * member changes and move-out, claim codes for residents, the door code, and transfer to another grid.
 */
Component({
  behaviors: [largeFont],
  data: {
    largeFont: false,
    status: 'loading' as Status,
    errorText: '',
    id: '',
    created: false,
    loaded: false,
    household: null as HouseholdView | null,
    header: {
      addressText: '',
      gridName: '',
      housing: '',
      tags: [] as string[],
      completeness: 0,
      theme: 'success',
      missing: '',
      duplicate: false,
      moved: '',
    },
    members: [] as MemberItem[],
    activeMembers: [] as { value: string; label: string }[],
    visits: [] as VisitItem[],
    visitsCursor: null as string | null,
    visitsLoading: false,
    revealForm: CLOSED_REVEAL,
    visitForm: CLOSED_VISIT,
    needOptions: NEED_OPTIONS,
    categoryOptions: REQUEST_CATEGORIES.map(({ value, label }) => ({ value, label })),
    picker: '' as '' | 'category' | 'member',
    moveForm: CLOSED_MOVE,
    transferForm: CLOSED_TRANSFER,
    claim: { visible: false, name: '', code: '', expires: '' },
    qr: CLOSED_QR,
    busy: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '', created: query.created === '1' });
      return this.load();
    },

    /** Back from editing the household or a member: show what was saved. */
    onShow() {
      syncLargeFont(this);
      if (this.data.loaded) return this.load(false);
      return undefined;
    },

    async onPullDownRefresh(): Promise<void> {
      await this.load(false);
      wx.stopPullDownRefresh();
    },

    async load(spinner = true): Promise<void> {
      if (spinner) this.setData({ status: 'loading' });
      try {
        const [h, visits] = await Promise.all([
          getHousehold(this.data.id),
          listVisits({ id: this.data.id, limit: 10 }),
        ]);
        this.show(h);
        this.setData({
          status: 'ready',
          loaded: true,
          visits: visits.items.map(visitItem),
          visitsCursor: visits.nextCursor,
        });
      } catch (err) {
        this.setData({ status: 'error', errorText: errorText(err) });
      }
    },

    show(h: HouseholdView) {
      const missing = h.missing.map((m) => (m.name ? `${m.name}：${m.label}` : m.label));
      wx.setNavigationBarTitle({ title: h.addressText });
      this.setData({
        household: h,
        header: {
          addressText: h.addressText,
          gridName: h.gridName ?? '',
          housing: housingLabel(h.housing),
          tags: h.tags.map(tagLabel),
          completeness: h.completeness,
          theme: completenessTheme(h.completeness),
          missing: missing.join('、'),
          duplicate: h.duplicate,
          moved: h.status === 'moved_out' ? `整户已迁出${h.moveOutReason ? `：${h.moveOutReason}` : ''}` : '',
        },
        members: h.members.map(memberItem),
        activeMembers: h.members
          .filter((m) => m.status === 'active')
          .map((m) => ({ value: m.memberId, label: m.name })),
      });
    },

    retry() {
      return this.load();
    },

    async moreVisits(): Promise<void> {
      const cursor = this.data.visitsCursor;
      if (!cursor || this.data.visitsLoading) return;
      this.setData({ visitsLoading: true });
      try {
        const page = await listVisits({ id: this.data.id, limit: 10, cursor });
        this.setData({ visits: [...this.data.visits, ...page.items.map(visitItem)], visitsCursor: page.nextCursor });
      } catch (err) {
        wx.showToast({ title: errorText(err), icon: 'none' });
      } finally {
        this.setData({ visitsLoading: false });
      }
    },

    memberAt(e: WechatMiniprogram.BaseEvent): MemberItem | undefined {
      return this.data.members.find((m) => m.memberId === e.currentTarget.dataset.id);
    },

    // --- household and members

    editHousehold() {
      wx.navigateTo({ url: HOUSEHOLD_URLS.edit(this.data.id) });
    },

    addMember() {
      wx.navigateTo({ url: HOUSEHOLD_URLS.addMember(this.data.id) });
    },

    editMember(e: WechatMiniprogram.BaseEvent) {
      const m = this.memberAt(e);
      if (m) wx.navigateTo({ url: HOUSEHOLD_URLS.editMember(this.data.id, m.memberId) });
    },

    // --- reveal: the full number, for a reason that goes into the audit log

    openReveal(e: WechatMiniprogram.BaseEvent) {
      const m = this.memberAt(e);
      const field = e.currentTarget.dataset.field as Field;
      if (!m) return;
      this.setData({
        revealForm: {
          ...CLOSED_REVEAL,
          visible: true,
          memberId: m.memberId,
          field,
          title: `${m.name}的${field === 'idNumber' ? '身份证号' : '手机号'}`,
        },
      });
    },

    closeReveal() {
      this.setData({ revealForm: CLOSED_REVEAL });
    },

    onRevealReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'revealForm.reason': e.detail.value, 'revealForm.error': '' });
    },

    async reveal(): Promise<void> {
      const { memberId, field, reason } = this.data.revealForm;
      const checked = validate(householdsSchemas.reveal, { id: this.data.id, memberId, field, reason });
      if (!checked.ok) {
        this.setData({ 'revealForm.error': checked.errors.reason ?? '请填写查看理由' });
        return;
      }
      try {
        const { value } = await revealMember(checked.value);
        this.setData({ 'revealForm.value': value });
      } catch (err) {
        if (isCloudError(err, 'INVALID_ARGUMENT') && err.fields?.reason)
          this.setData({ 'revealForm.error': err.fields.reason });
        else wx.showToast({ title: errorText(err), icon: 'none' });
      }
    },

    callRevealed() {
      const { field, value } = this.data.revealForm;
      if (field === 'phone' && value) wx.makePhoneCall({ phoneNumber: value });
    },

    // --- visits, and a request opened for the household

    openVisit() {
      this.setData({ visitForm: { ...CLOSED_VISIT, visible: true } });
    },

    openRequestForm() {
      this.setData({ visitForm: { ...CLOSED_VISIT, visible: true, openRequest: true } });
    },

    closeVisit() {
      this.setData({ visitForm: CLOSED_VISIT, picker: '' });
    },

    onVisitField(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: string }>) {
      const field = e.currentTarget.dataset.field;
      this.setData({ [`visitForm.${field}`]: e.detail.value, 'visitForm.errors': {} });
    },

    onVisitNeeds(e: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      this.setData({ 'visitForm.needs': e.detail.value });
    },

    onOpenRequest(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      this.setData({ 'visitForm.openRequest': e.detail.value, 'visitForm.errors': {} });
    },

    openCategory() {
      this.setData({ picker: 'category' });
    },

    openMemberPicker() {
      this.setData({ picker: 'member' });
    },

    closePicker() {
      this.setData({ picker: '' });
    },

    onPicked(e: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      const value = e.detail.value[0] ?? '';
      if (this.data.picker === 'category') {
        this.setData({
          'visitForm.category': value,
          'visitForm.categoryLabel': categoryLabel(value),
          'visitForm.errors': {},
        });
      } else {
        const name = this.data.activeMembers.find((m) => m.value === value)?.label ?? '';
        this.setData({ 'visitForm.memberId': value, 'visitForm.memberName': name });
      }
      this.setData({ picker: '' });
    },

    async saveVisit(): Promise<void> {
      if (this.data.busy) return;
      const f = this.data.visitForm;
      const notes = f.notes.trim() || (f.openRequest ? '代为提交诉求' : '');
      const input = {
        id: this.data.id,
        notes,
        ...(f.needs.length ? { needs: f.needs } : {}),
        ...(f.openRequest
          ? {
              openRequest: {
                category: f.category,
                description: f.description,
                ...(f.memberId ? { memberId: f.memberId } : {}),
              },
            }
          : {}),
      };
      const checked = validate(householdsSchemas.addVisit, input);
      if (!checked.ok) {
        this.setData({ 'visitForm.errors': checked.errors });
        return;
      }
      this.setData({ busy: true });
      try {
        const visit = await addVisit(checked.value);
        this.setData({ visitForm: CLOSED_VISIT, visits: [visitItem(visit), ...this.data.visits] });
        wx.showToast({ title: visit.requestId ? '已记录，诉求已提交' : '已记录走访', icon: 'success' });
      } catch (err) {
        if (isCloudError(err, 'INVALID_ARGUMENT') && err.fields) this.setData({ 'visitForm.errors': err.fields });
        else wx.showToast({ title: errorText(err), icon: 'none' });
      } finally {
        this.setData({ busy: false });
      }
    },

    openRequest(e: WechatMiniprogram.BaseEvent) {
      const id = String(e.currentTarget.dataset.id ?? '');
      if (id) wx.navigateTo({ url: REQUEST_URLS.detail(id) });
    },

    // --- move-out (a member, or with no member the whole household) and transfer

    openMoveOut(e: WechatMiniprogram.BaseEvent) {
      const m = this.memberAt(e);
      this.setData({
        moveForm: {
          ...CLOSED_MOVE,
          visible: true,
          memberId: m?.memberId ?? '',
          title: m ? `${m.name}迁出` : '整户迁出',
        },
      });
    },

    closeMoveOut() {
      this.setData({ moveForm: CLOSED_MOVE });
    },

    onMoveReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'moveForm.reason': e.detail.value, 'moveForm.error': '' });
    },

    async confirmMoveOut(): Promise<void> {
      const { memberId, reason } = this.data.moveForm;
      const checked = validate(householdsSchemas.moveOut, {
        id: this.data.id,
        reason,
        ...(memberId ? { memberId } : {}),
      });
      if (!checked.ok) {
        this.setData({ 'moveForm.error': checked.errors.reason ?? '请填写迁出原因' });
        return;
      }
      try {
        this.show(await moveOut(checked.value));
        this.setData({ moveForm: CLOSED_MOVE });
        wx.showToast({ title: '已迁出', icon: 'success' });
      } catch (err) {
        wx.showToast({ title: errorText(err), icon: 'none' });
      }
    },

    openTransfer() {
      this.setData({ transferForm: { ...CLOSED_TRANSFER, visible: true } });
    },

    closeTransfer() {
      this.setData({ transferForm: CLOSED_TRANSFER });
    },

    onTransferTarget(e: WechatMiniprogram.CustomEvent<{ id: string; name: string; level: string }>) {
      if (e.detail.level !== 'grid') {
        this.setData({ 'transferForm.error': '请选到网格一级' });
        return;
      }
      this.setData({
        'transferForm.targetId': e.detail.id,
        'transferForm.targetName': e.detail.name,
        'transferForm.error': '',
      });
    },

    onTransferReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'transferForm.reason': e.detail.value, 'transferForm.error': '' });
    },

    async confirmTransfer(): Promise<void> {
      const { targetId, reason } = this.data.transferForm;
      const checked = validate(householdsSchemas.transfer, { id: this.data.id, toGridId: targetId, reason });
      if (!checked.ok) {
        this.setData({
          'transferForm.error': checked.errors.toGridId ? '请选择转入的网格' : (checked.errors.reason ?? '请填写原因'),
        });
        return;
      }
      try {
        await transferHousehold(checked.value);
        this.setData({ transferForm: CLOSED_TRANSFER });
        wx.showToast({ title: '已转移', icon: 'success' });
        wx.navigateBack();
      } catch (err) {
        if (isCloudError(err, 'INVALID_ARGUMENT') && err.fields?.toGridId)
          this.setData({ 'transferForm.error': err.fields.toGridId });
        else wx.showToast({ title: errorText(err), icon: 'none' });
      }
    },

    // --- a claim code for a resident, and the door code

    async openClaim(e: WechatMiniprogram.BaseEvent): Promise<void> {
      const m = this.memberAt(e);
      if (!m) return;
      try {
        const { code, expiresAt } = await issueClaimCode(this.data.id, m.memberId);
        this.setData({ claim: { visible: true, name: m.name, code, expires: formatTime(expiresAt) } });
      } catch (err) {
        wx.showToast({ title: errorText(err), icon: 'none' });
      }
    },

    closeClaim() {
      this.setData({ 'claim.visible': false });
    },

    async openQr(): Promise<void> {
      const scene = this.data.household?.scene;
      if (!scene) return;
      this.setData({ qr: { ...CLOSED_QR, visible: true, status: 'loading' } });
      try {
        const image = await getQrImage({ scene, page: DOOR_PAGE });
        this.setData({ 'qr.status': 'ready', 'qr.url': image.tempUrl ?? image.fileID });
      } catch (err) {
        this.setData({ 'qr.status': 'error', 'qr.error': errorText(err) });
      }
    },

    closeQr() {
      this.setData({ qr: CLOSED_QR });
    },

    previewQr() {
      const url = this.data.qr.url;
      if (url) wx.previewImage({ urls: [url], current: url });
    },
  },
});
