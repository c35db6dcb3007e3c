import { largeFont, syncLargeFont } from '../../behaviors/large-font';
import { loadable } from '../../behaviors/loadable';
import { isCloudError } from '../../services/errors';
import { getHousehold } from '../../services/households';
import { resolveScene } from '../../services/qr';
import { sceneFromOptions } from '../../services/scene';
import { answerSurvey, getSurvey, listSurveys } from '../../services/surveys';
import type { AnswerValue, SurveyQuestion } from '../../shared/api';
import { PAGES } from '../../shared/routes';
import { formErrors, toast, toastDone, whileBusy } from '../../utils/feedback';
import { goBack } from '../../utils/navigate';
import { adoptSharedCommunity, chatShare, shareFrom, timelineShare } from '../../utils/share';

/** Below this width (px) a phone shows one question per screen. */
const SMALL_PHONE_WIDTH = 375;

function windowWidth(): number {
  try {
    return wx.getWindowInfo().windowWidth;
  } catch {
    return SMALL_PHONE_WIDTH;
  }
}

/** A token of this filling-in: a double tap or a retry sends the same one and gets the first answer back. */
const newClientToken = () => `s${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;

/** `answers.<id>` field messages of the server as messages per question id. */
function byQuestion(fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(fields)) out[field.replace(/^answers\./, '')] = message;
  return out;
}

/**
 * 填写问卷: a survey opened from 首页, a shared card or its QR code (`?scene=`), filled in by the resident — or,
 * with `?householdId=&memberId=`, by a grid worker for a member of their grid, face to face. On a small phone or in
 * large-font mode one question fills the screen (上一题/下一题); otherwise the whole form scrolls.
 */
Component({
  behaviors: [largeFont, loadable],
  data: {
    id: '',
    scene: '',
    householdId: '',
    memberId: '',
    memberName: '',
    title: '',
    intro: '',
    orgName: '',
    shareFrom: '',
    questions: [] as SurveyQuestion[],
    choices: [] as { id: string; title: string; orgName: string }[],
    answers: {} as Record<string, AnswerValue>,
    errors: {} as Record<string, string>,
    paged: false,
    step: 0,
    open: false,
    allowed: false,
    done: false,
    submitting: false,
    clientToken: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({
        id: query.id ?? '',
        scene: sceneFromOptions(query as { scene?: string }) ?? '',
        householdId: query.householdId ?? '',
        memberId: query.memberId ?? '',
        clientToken: newClientToken(),
      });
      // A card shared into a group: a user with no home community yet takes the sharer's (utils/share.ts).
      void adoptSharedCommunity(query.from);
      return this.load();
    },

    onShow() {
      syncLargeFont(this);
      this.setData({ paged: this.data.largeFont || windowWidth() < SMALL_PHONE_WIDTH });
    },

    async fetch() {
      let id = this.data.id;
      if (!id && this.data.scene) id = (await resolveScene(this.data.scene)).id;
      const onBehalf = Boolean(this.data.householdId && this.data.memberId);
      if (!id && onBehalf) return this.surveysToPick();
      if (!id) return { status: 'error', errorText: '问卷不存在' };
      const [survey, household, from] = await Promise.all([
        getSurvey(id),
        onBehalf ? getHousehold(this.data.householdId) : Promise.resolve(undefined),
        shareFrom(),
      ]);
      const member = household?.members.find((m) => m.memberId === this.data.memberId);
      return {
        id,
        title: survey.title,
        intro: survey.intro ?? '',
        orgName: survey.orgName,
        questions: survey.questions,
        memberName: member?.name ?? '',
        open: survey.open,
        allowed: onBehalf ? survey.can.answerOnBehalf : survey.can.answer,
        done: !onBehalf && Boolean(survey.myResponse),
        shareFrom: from ?? '',
      };
    },

    /** A grid worker came from a member's card without a survey: the open surveys over the member's grid. */
    async surveysToPick() {
      const household = await getHousehold(this.data.householdId);
      const member = household.members.find((m) => m.memberId === this.data.memberId);
      const { items } = await listSurveys({ orgId: household.gridId, status: 'published', limit: 20 });
      return {
        memberName: member?.name ?? '',
        choices: items.filter((s) => s.open).map((s) => ({ id: s.id, title: s.title, orgName: s.orgName })),
      };
    },

    pickSurvey(e: WechatMiniprogram.BaseEvent) {
      const id = e.currentTarget.dataset.id as string | undefined;
      if (!id) return undefined;
      this.setData({ id, choices: [] });
      return this.load({ spinner: true });
    },

    onAnswer(e: WechatMiniprogram.CustomEvent<{ id: string; value: AnswerValue | undefined }>) {
      const { id, value } = e.detail;
      const answers = { ...this.data.answers };
      if (value === undefined) delete answers[id];
      else answers[id] = value;
      this.setData({ answers, [`errors.${id}`]: '' });
    },

    /** The current question, if required and unanswered, stops 下一题. */
    missing(index: number): boolean {
      const q = this.data.questions[index];
      if (!q?.required || q.id in this.data.answers) return false;
      this.setData({ [`errors.${q.id}`]: '此题必答' });
      return true;
    },

    next() {
      if (this.missing(this.data.step)) return;
      this.setData({ step: Math.min(this.data.step + 1, this.data.questions.length - 1) });
    },

    prev() {
      this.setData({ step: Math.max(this.data.step - 1, 0) });
    },

    submit() {
      return whileBusy(this, 'submitting', () => this.send());
    },

    async send(): Promise<void> {
      const { id, answers, clientToken, householdId, memberId } = this.data;
      try {
        await answerSurvey({
          id,
          answers,
          clientToken,
          ...(householdId && memberId ? { onBehalfOf: { householdId, memberId } } : {}),
        });
        toastDone('已提交');
        this.setData({ done: true });
      } catch (err) {
        if (isCloudError(err, 'ALREADY_EXISTS')) {
          toast(err.message);
          this.setData({ done: true });
          return;
        }
        const fields = formErrors(err, '请按提示修改后再提交');
        if (!fields) return;
        const errors = byQuestion(fields);
        const first = this.data.questions.findIndex((q) => errors[q.id]);
        this.setData({ errors, ...(first >= 0 ? { step: first } : {}) });
      }
    },

    leave() {
      goBack();
    },

    /** Forwarding the survey: its card opens this page. */
    /** Forwarded to a building's group or Moments: the survey itself, with the sharer's community as `from`. */
    onShareAppMessage() {
      const card = { title: `【需求问卷】${this.data.title}｜${this.data.orgName}` };
      return chatShare(card, PAGES.surveyAnswer, { id: this.data.id, from: this.data.shareFrom || undefined });
    },

    onShareTimeline() {
      const card = { title: `【需求问卷】${this.data.title}｜${this.data.orgName}` };
      return timelineShare(card, { id: this.data.id, from: this.data.shareFrom || undefined });
    },
  },
});
