import dayjs from 'dayjs';
import { largeFont, syncLargeFont } from '../../behaviors/large-font';
import { loadable } from '../../behaviors/loadable';
import { getOrg } from '../../services/orgs';
import {
  closeSurvey,
  createSurvey,
  getSurvey,
  publishSurvey,
  surveyTemplates,
  updateSurvey,
} from '../../services/surveys';
import type { SurveyView } from '../../shared/api';
import { PAGES, ROUTES } from '../../shared/routes';
import { SURVEY_STATUS_LABELS, type QuestionType, type SurveyStatus } from '../../shared/surveys';
import { confirm, formErrors, toastDone, whileBusy } from '../../utils/feedback';
import { go, replace } from '../../utils/navigate';
import {
  draftOf,
  freshId,
  fromTemplate,
  moved,
  questionOfDraft,
  questionsOf,
  rowsOf,
  TYPE_OPTIONS,
  type QuestionRow,
} from './questions';

const PICKER_FORMAT = 'YYYY-MM-DD HH:mm';
const pickerToIso = (value: string) => (value ? `${value.replace(' ', 'T')}:00+08:00` : null);

/**
 * 问卷编辑: a new survey of `?orgId=` from a template (`&template=`) or blank, or draft `?id=`. Title, intro, closing
 * time, anonymous; questions added, edited, deleted and moved up/down; 保存草稿, 发布 and (once published) 结束, as
 * the server's `can` allows. A published survey shows its QR code (tap to enlarge, 转发图片 to forward) and 查看结果.
 */
Component({
  behaviors: [largeFont, loadable],
  data: {
    id: '',
    orgId: '',
    orgName: '',
    surveyStatus: 'draft' as SurveyStatus,
    statusLabel: SURVEY_STATUS_LABELS.draft,
    scene: '',
    answerPage: PAGES.surveyAnswer,
    form: { title: '', intro: '', anonymous: false, closesAt: '', fromTemplate: '' },
    questions: [] as QuestionRow[],
    typeOptions: TYPE_OPTIONS,
    editor: { visible: false, index: -1, draft: draftOf(), errors: {} as Record<string, string> },
    timeVisible: false,
    errors: {} as Record<string, string>,
    saving: false,
    can: { update: true, publish: true, close: false, results: false },
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '', orgId: query.orgId ?? '' });
      return this.load().then(() => (query.template && !query.id ? this.applyTemplate(query.template) : undefined));
    },

    onShow() {
      syncLargeFont(this);
    },

    async fetch() {
      if (this.data.id) return this.viewData(await getSurvey(this.data.id));
      if (!this.data.orgId) return { status: 'error', errorText: '请从「需求问卷」新建问卷' };
      return { orgName: (await getOrg(this.data.orgId)).name };
    },

    viewData(s: SurveyView) {
      return {
        id: s.id,
        orgId: s.orgId,
        orgName: s.orgName,
        surveyStatus: s.status,
        statusLabel: SURVEY_STATUS_LABELS[s.status],
        scene: s.scene,
        form: {
          title: s.title,
          intro: s.intro ?? '',
          anonymous: s.anonymous,
          closesAt: s.closesAt ? dayjs(s.closesAt).format(PICKER_FORMAT) : '',
          fromTemplate: s.fromTemplate ?? '',
        },
        questions: rowsOf(s.questions),
        can: { update: s.can.update, publish: s.can.publish, close: s.can.close, results: s.can.results },
      };
    },

    async applyTemplate(key: string): Promise<void> {
      const picked = fromTemplate((await surveyTemplates()).items.find((t) => t.key === key));
      if (!picked) return;
      this.setData({
        questions: picked.questions,
        'form.title': picked.title,
        'form.intro': picked.intro,
        'form.fromTemplate': picked.fromTemplate,
      });
    },

    onField(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const field = e.currentTarget.dataset.field as string;
      this.setData({ [`form.${field}`]: e.detail.value, [`errors.${field}`]: '' });
    },

    onAnonymous(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      this.setData({ 'form.anonymous': Boolean(e.detail.value) });
    },

    openTime() {
      this.setData({ timeVisible: true });
    },

    closeTime() {
      this.setData({ timeVisible: false });
    },

    onTimeConfirm(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'form.closesAt': e.detail.value, 'errors.closesAt': '', timeVisible: false });
    },

    clearTime() {
      this.setData({ 'form.closesAt': '' });
    },

    moveUp(e: WechatMiniprogram.BaseEvent) {
      this.setData({ questions: moved(this.data.questions, Number(e.currentTarget.dataset.index), -1) });
    },

    moveDown(e: WechatMiniprogram.BaseEvent) {
      this.setData({ questions: moved(this.data.questions, Number(e.currentTarget.dataset.index), 1) });
    },

    async removeQuestion(e: WechatMiniprogram.BaseEvent) {
      const index = Number(e.currentTarget.dataset.index);
      const q = this.data.questions[index];
      if (!(await confirm({ title: '删除题目', content: q.title, confirmText: '删除', danger: true }))) return;
      this.setData({ questions: this.data.questions.filter((_, i) => i !== index) });
    },

    addQuestion() {
      const draft = { ...draftOf(), id: freshId(this.data.questions) };
      this.setData({ editor: { visible: true, index: -1, draft, errors: {} } });
    },

    editQuestion(e: WechatMiniprogram.BaseEvent) {
      const index = Number(e.currentTarget.dataset.index);
      this.setData({ editor: { visible: true, index, draft: draftOf(this.data.questions[index]), errors: {} } });
    },

    closeEditor() {
      this.setData({ 'editor.visible': false });
    },

    onEditorField(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const field = e.currentTarget.dataset.field as string;
      this.setData({ [`editor.draft.${field}`]: e.detail.value, [`editor.errors.${field}`]: '' });
    },

    onEditorType(e: WechatMiniprogram.CustomEvent<{ value: QuestionType }>) {
      this.setData({ 'editor.draft.type': e.detail.value, 'editor.errors.options': '' });
    },

    onEditorRequired(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      this.setData({ 'editor.draft.required': Boolean(e.detail.value) });
    },

    saveQuestion() {
      const result = questionOfDraft(this.data.editor.draft);
      if ('errors' in result) {
        this.setData({ 'editor.errors': result.errors });
        return;
      }
      const [row] = rowsOf([result.question]);
      const { index } = this.data.editor;
      const questions =
        index < 0 ? [...this.data.questions, row] : this.data.questions.map((q, i) => (i === index ? row : q));
      this.setData({ questions, 'editor.visible': false, 'errors.questions': '' });
    },

    input() {
      const { form, questions } = this.data;
      return {
        title: form.title,
        ...(form.intro.trim() ? { intro: form.intro } : {}),
        questions: questionsOf(questions),
        anonymous: form.anonymous,
        closesAt: pickerToIso(form.closesAt),
        ...(form.fromTemplate ? { fromTemplate: form.fromTemplate } : {}),
      };
    },

    /** Saves the draft (creating it the first time); false when the server refused the form. */
    async saveDraft(): Promise<boolean> {
      try {
        const input = this.input();
        if (this.data.id) {
          this.setData(this.viewData(await updateSurvey({ id: this.data.id, ...input })));
        } else {
          const { closesAt, ...rest } = input;
          const created = await createSurvey({ orgId: this.data.orgId, ...rest, ...(closesAt ? { closesAt } : {}) });
          this.setData({ id: created.id, scene: created.scene });
        }
        return true;
      } catch (err) {
        this.setData({ errors: formErrors(err, '请按提示修改后再保存') ?? {} });
        return false;
      }
    },

    save() {
      return whileBusy(this, 'saving', async () => {
        const created = !this.data.id;
        if (!(await this.saveDraft())) return;
        toastDone('已保存');
        if (created) replace(ROUTES.surveyEdit({ id: this.data.id }));
      });
    },

    publish() {
      return whileBusy(this, 'saving', async () => {
        if (!(await this.saveDraft())) return;
        const ok = await confirm({
          title: '发布问卷',
          content: '发布后题目不能再修改，居民可在首页和二维码中填写。',
          confirmText: '发布',
        });
        if (!ok) return;
        try {
          this.setData(this.viewData(await publishSurvey(this.data.id)));
          toastDone('已发布');
        } catch (err) {
          formErrors(err);
        }
      });
    },

    close() {
      return whileBusy(this, 'saving', async () => {
        const ok = await confirm({
          title: '结束问卷',
          content: '结束后不再接受填写。',
          confirmText: '结束',
          danger: true,
        });
        if (!ok) return;
        try {
          this.setData(this.viewData(await closeSurvey(this.data.id)));
          toastDone('问卷已结束');
        } catch (err) {
          formErrors(err);
        }
      });
    },

    shareQr() {
      (this.selectComponent('.edit-qr') as unknown as { share(): void } | null)?.share();
    },

    goResults() {
      go(ROUTES.surveyResults(this.data.id));
    },
  },
});
