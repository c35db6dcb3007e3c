import { largeFont, syncLargeFont } from '../../../behaviors/large-font';
import { loadable } from '../../../behaviors/loadable';
import { mediationForm } from '../../../behaviors/mediation-form';
import { voicePlayer } from '../../../behaviors/voice-note';
import { isCloudError } from '../../../services/errors';
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
import type { RequestCan, RequestView } from '../../../shared/api';
import { requestsSchemas } from '../../../shared/schemas/requests';
import { reasonDialog, transferDialog } from '../../../utils/dialogs';
import { confirm, toast, toastDone, toastError } from '../../../utils/feedback';
import { dataOf, goBack } from '../../../utils/navigate';
import { messages, shown, steps, type Message, type Photo, type Shown, type Step } from '../../../utils/request-views';
import { validate, validated } from '../../../utils/validate';

/** Before the request loads: nothing is offered. */
const NONE: RequestCan = {
  accept: false,
  reply: false,
  resolve: false,
  rate: false,
  withdraw: false,
  transfer: false,
  revealContact: false,
  mediation: false,
};

/** The confirmations of the changes, in the handler's or requester's words. */
const CONFIRMS = {
  accept: { title: '受理诉求', content: '受理后由你首问负责、跟进到底，居民会收到受理通知。', confirmText: '受理' },
  withdraw: {
    title: '撤回诉求',
    content: '撤回后工作人员将不再办理这件诉求。如问题仍未解决，可以重新提交。',
    confirmText: '撤回',
    danger: true,
  },
  resolve: { title: '确认办结', content: '办结后居民会收到通知，并可以对办理结果进行评价。', confirmText: '办结' },
};

/**
 * 诉求详情, for the requester and for the grid worker/staff who handle it: status, description, photos, the timeline
 * (t-steps), the message thread. The requester withdraws it before it is resolved and rates it after; staff accept,
 * resolve and transfer it (each confirmed) and may reveal the full phone number with a reason.
 */
Component({
  behaviors: [largeFont, loadable, mediationForm, voicePlayer],
  data: {
    id: '',
    view: null as Shown | null,
    photos: [] as Photo[],
    steps: [] as Step[],
    messages: [] as Message[],
    /** What the viewer may do now, as the server says (`RequestView.can`); the cloud checks again. */
    can: NONE,
    busy: false,
    replyText: '',
    replyError: '',
    rateScore: 0,
    rateComment: '',
    rateError: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '' });
      return this.load();
    },

    onShow() {
      syncLargeFont(this);
    },

    /** The request (someone else's or a missing one: "not found", alike). */
    async fetch() {
      try {
        void this.show(await getRequest(this.data.id));
        return {};
      } catch (err) {
        if (isCloudError(err, 'NOT_FOUND') || isCloudError(err, 'INVALID_ARGUMENT')) return { status: 'notfound' };
        throw err;
      }
    },

    /** Shows a request and what the viewer may do with it; the photos' URLs follow. */
    async show(r: RequestView): Promise<void> {
      this.setData({
        status: 'ready',
        view: shown(r),
        steps: steps(r),
        messages: messages(r),
        can: r.can,
        photos: r.images.map((fileID) => ({ fileID, url: '' })),
      });
      if (r.can.mediation) this.fillMediation(r);
      if (r.images.length) {
        const urls = await requestImageUrls(r.images);
        this.setData({ photos: r.images.map((fileID, i) => ({ fileID, url: urls[i] ?? '' })) });
      }
    },

    /** Back to where the user came from (the list or the queue), or 首页 when the page was opened directly. */
    goBack() {
      goBack();
    },

    previewPhoto(e: WechatMiniprogram.BaseEvent) {
      const urls = this.data.photos.map((p) => p.url).filter(Boolean);
      const url = this.data.photos[Number(dataOf(e).index)]?.url;
      if (url) wx.previewImage({ urls, current: url });
      else toast('图片暂时无法预览');
    },

    /** Runs a change; a refusal (someone else was first, the request moved on) is told and the page reloaded. */
    async run(change: () => Promise<RequestView>, done: string): Promise<boolean> {
      if (this.data.busy) return false;
      this.setData({ busy: true });
      try {
        await this.show(await change());
        toastDone(done);
        return true;
      } catch (err) {
        toastError(err);
        if (isCloudError(err, 'FAILED_PRECONDITION')) await this.load();
        return false;
      } finally {
        this.setData({ busy: false });
      }
    },

    /** Asks first, then runs the change. */
    async confirmed(kind: keyof typeof CONFIRMS, change: () => Promise<RequestView>, done: string): Promise<void> {
      if (await confirm(CONFIRMS[kind])) await this.run(change, done);
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
      return this.confirmed('withdraw', () => withdrawRequest(this.data.id), '已撤回');
    },

    // --- staff: accept, resolve, transfer, reveal

    askAccept() {
      return this.confirmed('accept', () => acceptRequest(this.data.id), '已受理');
    },

    /** The resolution, confirmed, closes the request for the requester to rate. */
    openResolve() {
      const { id } = this.data;
      return reasonDialog(this, '#resolve-dialog').open({
        title: '办结',
        placeholder: '写明办理结果，居民会看到',
        confirmText: '办结',
        multiline: true,
        maxlength: 500,
        field: 'resolution',
        submit: async (text) => {
          const { resolution } = validated(requestsSchemas.resolve, { id, resolution: text });
          if (!(await confirm(CONFIRMS.resolve))) return undefined;
          return (await this.run(() => resolveRequest(id, resolution.trim()), '已办结')) || undefined;
        },
      });
    },

    /** Hands the request to another community or grid; it may then be outside the viewer's scope. */
    async openTransfer(): Promise<void> {
      const { id } = this.data;
      const done = await transferDialog(this, '#transfer-dialog').open({
        title: '转办',
        chooseText: '请选择转办的社区或网格',
        placeholder: '转办原因（必填），例如：居民已搬至对方社区',
        reasonLabel: '转办原因',
        confirmText: '转办',
        submit: async (target, reason) => {
          const input = validated(requestsSchemas.transfer, { id, toOrgId: target.id, reason });
          const sure = await confirm({
            title: '确认转办',
            content: `转至「${target.name}」后，由那里的工作人员重新受理，你将不再负责这件诉求。`,
            confirmText: '转办',
          });
          if (!sure) return undefined;
          return (
            (await this.run(() => transferRequest({ ...input, reason: input.reason.trim() }), '已转办')) || undefined
          );
        },
      });
      // It may now be outside the viewer's scope: then the page says so instead of offering actions.
      if (done) await this.load();
    },

    /** The full number is logged with the reason (audit); then it can be dialled. */
    openReveal() {
      const { id } = this.data;
      return reasonDialog(this, '#reveal-dialog').open({
        title: '查看完整电话',
        notice: '查看会记录你的姓名、时间和理由，只在需要联系居民时查看。',
        label: '理由',
        placeholder: '例如：电话核实诉求情况',
        confirmText: '查看',
        maxlength: 100,
        submit: async (text) => {
          const { reason } = validated(requestsSchemas.revealContact, { id, reason: text });
          return (await revealContact(id, reason)).contactPhone;
        },
        show: (phone) => ({ text: phone, phone }),
      });
    },
  },
});
