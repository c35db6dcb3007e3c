import { largeFont, syncLargeFont } from '../../../behaviors/large-font';
import { errorText, isCloudError } from '../../../services/cloud';
import {
  acceptRequest,
  getRequest,
  rateRequest,
  replyRequest,
  requestImageUrls,
  resolveRequest,
  revealContact,
  transferRequest,
  withdrawRequest,
} from '../../../services/requests';
import { PAGES } from '../../../services/scene';
import { getMe } from '../../../services/users';
import type { RequestView } from '../../../shared/api';
import { categoryLabel } from '../../../shared/categories';
import { REQUEST_STATUS_LABELS, TIMELINE_LABELS } from '../../../shared/requests';
import { requestsSchemas } from '../../../shared/schemas/requests';
import { formatTime } from '../../../utils/format';
import { STATUS_THEMES } from '../../../utils/request-views';
import { validate } from '../../../utils/validate';

type Status = 'loading' | 'ready' | 'error' | 'notfound';
type Confirmable = 'accept' | 'withdraw' | 'resolve' | 'transfer';

interface Shown {
  categoryLabel: string;
  status: RequestView['status'];
  statusLabel: string;
  statusTheme: string;
  overdue: boolean;
  orgName: string;
  createdText: string;
  dueText: string;
  description: string;
  contactName: string;
  contactPhone: string;
  assigneeName: string;
  resolution: string;
  rating: { score: number; comment: string } | null;
}

interface Photo {
  fileID: string;
  url: string;
}

interface Step {
  title: string;
  content: string;
}

interface Message {
  id: string;
  who: string;
  text: string;
  time: string;
  mine: boolean;
}

/** What the viewer may do now; the cloud checks again and says why not. */
interface Abilities {
  withdraw: boolean;
  rate: boolean;
  reply: boolean;
  accept: boolean;
  resolve: boolean;
  transfer: boolean;
  reveal: boolean;
}

const NONE: Abilities = {
  withdraw: false,
  rate: false,
  reply: false,
  accept: false,
  resolve: false,
  transfer: false,
  reveal: false,
};

const CLOSED_CONFIRM = { visible: false, title: '', content: '', confirmText: '', action: '' as Confirmable | '' };
const CLOSED_RESOLVE = { visible: false, text: '', error: '' };
const CLOSED_TRANSFER = { visible: false, targetId: '', targetName: '', reason: '', error: '' };
const CLOSED_REVEAL = { visible: false, reason: '', error: '', phone: '' };

function shown(r: RequestView): Shown {
  return {
    categoryLabel: categoryLabel(r.category),
    status: r.status,
    statusLabel: REQUEST_STATUS_LABELS[r.status],
    statusTheme: STATUS_THEMES[r.status],
    overdue: r.overdue,
    orgName: r.orgName,
    createdText: formatTime(r.createdAt),
    dueText: formatTime(r.dueAt),
    description: r.description,
    contactName: r.contactName ?? '',
    contactPhone: r.contactPhone ?? '',
    assigneeName: r.assignee?.name ?? '',
    resolution: r.resolution ?? '',
    rating: r.rating ? { score: r.rating.score, comment: r.rating.comment ?? '' } : null,
  };
}

function steps(r: RequestView): Step[] {
  return r.timeline.map((t) => {
    const who = t.name ?? (t.actor === 'requester' ? '居民' : '工作人员');
    return {
      title: TIMELINE_LABELS[t.type] ?? t.type,
      content: [`${who} · ${formatTime(t.at)}`, t.note].filter(Boolean).join('\n'),
    };
  });
}

function messages(r: RequestView): Message[] {
  return r.messages.map((m) => ({
    id: m.id,
    who: m.mine ? '我' : (m.name ?? (m.from === 'requester' ? '居民' : '工作人员')),
    text: m.text,
    time: formatTime(m.at),
    mine: m.mine,
  }));
}

/**
 * 诉求详情, for the requester and for the grid worker/staff who handle it: status, description, photos, the timeline
 * (t-steps), the message thread. The requester withdraws it before it is resolved and rates it after; staff accept,
 * resolve and transfer it (each confirmed in a dialog) and may reveal the full phone number with a reason.
 */
Component({
  behaviors: [largeFont],
  data: {
    largeFont: false,
    status: 'loading' as Status,
    errorText: '',
    id: '',
    /** Opened from the staff queue: the viewer handles requests. */
    fromQueue: false,
    view: null as Shown | null,
    photos: [] as Photo[],
    steps: [] as Step[],
    messages: [] as Message[],
    can: NONE,
    /** Holds a staff or admin role somewhere: offered resolve/transfer without being the assignee. */
    supervisor: false,
    busy: false,
    replyText: '',
    replyError: '',
    rateScore: 0,
    rateComment: '',
    rateError: '',
    confirm: CLOSED_CONFIRM,
    resolveForm: CLOSED_RESOLVE,
    transferForm: CLOSED_TRANSFER,
    revealForm: CLOSED_REVEAL,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '', fromQueue: query.from === 'queue' });
      return this.load();
    },

    onShow() {
      syncLargeFont(this);
    },

    async onPullDownRefresh(): Promise<void> {
      await this.load(false);
      wx.stopPullDownRefresh();
    },

    async load(spinner = true): Promise<void> {
      if (spinner || this.data.status !== 'ready') this.setData({ status: 'loading' });
      try {
        const [request, me] = await Promise.all([getRequest(this.data.id), getMe()]);
        const supervisor = me.roles.some((r) => r.role === 'staff' || r.role === 'admin');
        this.setData({ supervisor });
        await this.show(request);
      } catch (err) {
        if (isCloudError(err, 'NOT_FOUND') || isCloudError(err, 'INVALID_ARGUMENT'))
          this.setData({ status: 'notfound' });
        else this.setData({ status: 'error', errorText: errorText(err) });
      }
    },

    async show(r: RequestView): Promise<void> {
      const staff = !r.mine || this.data.fromQueue;
      const open = r.status === 'submitted' || r.status === 'accepted';
      const owner = r.assignee?.mine === true;
      const handles = staff && (owner || this.data.supervisor);
      const can: Abilities = {
        withdraw: r.mine && open,
        rate: r.mine && r.status === 'resolved',
        reply: r.status !== 'withdrawn' && r.status !== 'closed',
        accept: staff && r.status === 'submitted',
        resolve: handles && open,
        transfer: handles && open,
        reveal: handles && Boolean(r.contactPhone),
      };
      this.setData({
        status: 'ready',
        view: shown(r),
        steps: steps(r),
        messages: messages(r),
        can,
        photos: r.images.map((fileID) => ({ fileID, url: '' })),
      });
      if (r.images.length) {
        const urls = await requestImageUrls(r.images);
        this.setData({ photos: r.images.map((fileID, i) => ({ fileID, url: urls[i] ?? '' })) });
      }
    },

    retry() {
      return this.load();
    },

    /** Back to where the user came from (the list or the queue), or 首页 when the page was opened directly. */
    goBack() {
      wx.navigateBack({ fail: () => wx.switchTab({ url: PAGES.home }) });
    },

    previewPhoto(e: WechatMiniprogram.BaseEvent) {
      const urls = this.data.photos.map((p) => p.url).filter(Boolean);
      const url = this.data.photos[Number(e.currentTarget.dataset.index)]?.url;
      if (url) wx.previewImage({ urls, current: url });
      else wx.showToast({ title: '图片暂时无法预览', icon: 'none' });
    },

    /** Runs a change; a refusal (someone else was first, the request moved on) is told and the page reloaded. */
    async run(change: () => Promise<RequestView>, done: string): Promise<boolean> {
      if (this.data.busy) return false;
      this.setData({ busy: true });
      try {
        await this.show(await change());
        wx.showToast({ title: done, icon: 'success' });
        return true;
      } catch (err) {
        wx.showToast({ title: errorText(err), icon: 'none' });
        if (isCloudError(err, 'FAILED_PRECONDITION')) await this.load(false);
        return false;
      } finally {
        this.setData({ busy: false });
      }
    },

    // --- the thread

    onReplyChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ replyText: e.detail.value, replyError: '' });
    },

    async sendReply(): Promise<void> {
      const checked = validate(requestsSchemas.reply, { id: this.data.id, text: this.data.replyText });
      if (!checked.ok) {
        this.setData({ replyError: checked.errors.text ?? '留言无效' });
        return;
      }
      if (await this.run(() => replyRequest(this.data.id, checked.value.text), '已发送'))
        this.setData({ replyText: '' });
    },

    // --- the requester: rate, withdraw

    onRateChange(e: WechatMiniprogram.CustomEvent<{ value: number }>) {
      this.setData({ rateScore: e.detail.value, rateError: '' });
    },

    onRateCommentChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ rateComment: e.detail.value, rateError: '' });
    },

    async submitRating(): Promise<void> {
      const { id, rateScore, rateComment } = this.data;
      const checked = validate(requestsSchemas.rate, {
        id,
        score: rateScore,
        ...(rateComment.trim() ? { comment: rateComment } : {}),
      });
      if (!checked.ok) {
        this.setData({ rateError: checked.errors.score ? '请选择 1-5 星' : (checked.errors.comment ?? '评价无效') });
        return;
      }
      await this.run(() => rateRequest(checked.value), '感谢评价');
    },

    askWithdraw() {
      this.setData({
        confirm: {
          visible: true,
          title: '撤回诉求',
          content: '撤回后工作人员将不再办理这件诉求。如问题仍未解决，可以重新提交。',
          confirmText: '撤回',
          action: 'withdraw',
        },
      });
    },

    // --- staff: accept, resolve, transfer, reveal

    askAccept() {
      this.setData({
        confirm: {
          visible: true,
          title: '受理诉求',
          content: '受理后由你首问负责、跟进到底，居民会收到受理通知。',
          confirmText: '受理',
          action: 'accept',
        },
      });
    },

    openResolve() {
      this.setData({ resolveForm: { ...CLOSED_RESOLVE, visible: true } });
    },

    onResolveChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'resolveForm.text': e.detail.value, 'resolveForm.error': '' });
    },

    closeResolve() {
      this.setData({ resolveForm: CLOSED_RESOLVE });
    },

    askResolve() {
      const checked = validate(requestsSchemas.resolve, { id: this.data.id, resolution: this.data.resolveForm.text });
      if (!checked.ok) {
        this.setData({ 'resolveForm.error': checked.errors.resolution ?? '办结说明无效' });
        return;
      }
      this.setData({
        confirm: {
          visible: true,
          title: '确认办结',
          content: '办结后居民会收到通知，并可以对办理结果进行评价。',
          confirmText: '办结',
          action: 'resolve',
        },
      });
    },

    openTransfer() {
      this.setData({ transferForm: { ...CLOSED_TRANSFER, visible: true } });
    },

    closeTransfer() {
      this.setData({ transferForm: CLOSED_TRANSFER });
    },

    onTransferTarget(e: WechatMiniprogram.CustomEvent<{ id: string; name: string }>) {
      this.setData({
        'transferForm.targetId': e.detail.id,
        'transferForm.targetName': e.detail.name,
        'transferForm.error': '',
      });
    },

    onTransferReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'transferForm.reason': e.detail.value, 'transferForm.error': '' });
    },

    askTransfer() {
      const { targetId, targetName, reason } = this.data.transferForm;
      const checked = validate(requestsSchemas.transfer, { id: this.data.id, toOrgId: targetId, reason });
      if (!targetId || !checked.ok) {
        const error = !targetId
          ? '请选择转办的社区或网格'
          : `转办原因${checked.ok ? '' : (checked.errors.reason ?? '无效')}`;
        this.setData({ 'transferForm.error': error });
        return;
      }
      this.setData({
        confirm: {
          visible: true,
          title: '确认转办',
          content: `转至「${targetName}」后，由那里的工作人员重新受理，你将不再负责这件诉求。`,
          confirmText: '转办',
          action: 'transfer',
        },
      });
    },

    openReveal() {
      this.setData({ revealForm: { ...CLOSED_REVEAL, visible: true } });
    },

    closeReveal() {
      this.setData({ revealForm: CLOSED_REVEAL });
    },

    onRevealReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'revealForm.reason': e.detail.value, 'revealForm.error': '' });
    },

    /** The full number is logged with the reason (audit); then it can be dialled. */
    async reveal(): Promise<void> {
      const checked = validate(requestsSchemas.revealContact, {
        id: this.data.id,
        reason: this.data.revealForm.reason,
      });
      if (!checked.ok) {
        this.setData({ 'revealForm.error': checked.errors.reason ?? '理由无效' });
        return;
      }
      try {
        const { contactPhone } = await revealContact(this.data.id, checked.value.reason);
        this.setData({ 'revealForm.phone': contactPhone });
      } catch (err) {
        this.setData({ 'revealForm.error': errorText(err) });
      }
    },

    callContact() {
      const phone = this.data.revealForm.phone;
      if (phone) wx.makePhoneCall({ phoneNumber: phone });
    },

    // --- the confirmation dialog

    closeConfirm() {
      this.setData({ confirm: CLOSED_CONFIRM });
    },

    async onConfirm(): Promise<void> {
      const { action } = this.data.confirm;
      const { id } = this.data;
      this.closeConfirm();
      if (action === 'accept') await this.run(() => acceptRequest(id), '已受理');
      else if (action === 'withdraw') await this.run(() => withdrawRequest(id), '已撤回');
      else if (action === 'resolve') {
        const text = this.data.resolveForm.text;
        if (await this.run(() => resolveRequest(id, text.trim()), '已办结')) this.closeResolve();
      } else if (action === 'transfer') {
        const { targetId, reason } = this.data.transferForm;
        const ok = await this.run(() => transferRequest({ id, toOrgId: targetId, reason: reason.trim() }), '已转办');
        if (ok) {
          this.closeTransfer();
          // It may now be outside the viewer's scope: then the page says so instead of offering actions.
          await this.load(false);
        }
      }
    },
  },
});
