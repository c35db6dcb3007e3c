import { largeFont, syncLargeFont } from '../../../behaviors/large-font';
import { loadable } from '../../../behaviors/loadable';
import { exportSurvey, getSurvey, surveyRespondents, surveyResults } from '../../../services/surveys';
import type { SurveyRespondent } from '../../../shared/api';
import { ROUTES } from '../../../shared/routes';
import { openExportFile } from '../../../utils/export';
import { toastError, whileBusy } from '../../../utils/feedback';
import { dataOf, go } from '../../../utils/navigate';
import { cardsOf, crosstabQuestions, crosstabTable, groupingsOf, type CrosstabTable, type QuestionCard } from './views';

/**
 * 问卷结果 (staff, and grid workers under the survey): each question's tallies as a chart (cells of 1–4 people are
 * '<5', never drawn as a number), averages, free text (listed for staff in scope, a count otherwise), a cross-tab by
 * grid or by an ethnicity/residency/single-choice question, Excel export, and — from any option — the registered
 * members who chose it, as a visit list, with 发起活动 opening the event form prefilled.
 */
Component({
  behaviors: [largeFont, loadable],
  data: {
    id: '',
    orgId: '',
    title: '',
    responses: 0,
    onBehalf: 0,
    cards: [] as QuestionCard[],
    groupings: [] as { value: string; label: string }[],
    by: '',
    crossQuestions: [] as { value: string; label: string }[],
    crossQuestion: '',
    table: null as CrosstabTable | null,
    canExport: false,
    canListRespondents: false,
    exporting: false,
    picked: { visible: false, questionId: '', option: '', label: '', loading: false },
    respondents: [] as SurveyRespondent[],
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '' });
      return this.load();
    },

    onShow() {
      syncLargeFont(this);
    },

    async fetch() {
      const { id, by, crossQuestion } = this.data;
      const [survey, results] = await Promise.all([getSurvey(id), surveyResults({ id, ...(by ? { by } : {}) })]);
      const crossQuestions = crosstabQuestions(results);
      const shown = crossQuestions.some((q) => q.value === crossQuestion) ? crossQuestion : crossQuestions[0]?.value;
      return {
        orgId: survey.orgId,
        title: survey.title,
        responses: results.responses,
        onBehalf: results.onBehalf,
        cards: cardsOf(results),
        groupings: groupingsOf(survey.questions),
        crossQuestions,
        crossQuestion: shown ?? '',
        table: results.crosstab && shown ? crosstabTable(results.crosstab.rows, shown) : null,
        canExport: survey.can.export,
        canListRespondents: results.canListRespondents,
      };
    },

    pickGrouping(e: WechatMiniprogram.BaseEvent) {
      this.setData({ by: String(dataOf(e).value ?? '') });
      return this.load({ spinner: true });
    },

    pickCrossQuestion(e: WechatMiniprogram.BaseEvent) {
      this.setData({ crossQuestion: String(dataOf(e).value ?? '') });
      return this.load();
    },

    /** The members of the caller's scope who chose an option: a visit list for the grid workers. */
    async openOption(e: WechatMiniprogram.BaseEvent) {
      if (!this.data.canListRespondents) return;
      const { question, value, label } = dataOf(e) as { question: string; value: string; label: string };
      this.setData({
        picked: { visible: true, questionId: question, option: value, label, loading: true },
        respondents: [],
      });
      try {
        const page = await surveyRespondents({ id: this.data.id, questionId: question, option: value, limit: 50 });
        this.setData({ respondents: page.items, 'picked.loading': false });
      } catch (err) {
        this.setData({ 'picked.loading': false });
        toastError(err);
      }
    },

    closePicked() {
      this.setData({ 'picked.visible': false });
    },

    openHousehold(e: WechatMiniprogram.BaseEvent) {
      const id = dataOf(e).id as string | undefined;
      if (id) go(ROUTES.householdDetail(id));
    },

    /** A finding becomes an event: the event form, prefilled with what the residents asked for. */
    createEvent() {
      const { orgId, title, picked } = this.data;
      go(
        ROUTES.eventEdit({
          orgId,
          title: `${picked.label}服务活动`.slice(0, 40),
          description: `根据「${title}」，选择“${picked.label}”的居民有此需求。`,
        }),
      );
    },

    exportFile() {
      return whileBusy(this, 'exporting', async () => {
        try {
          await openExportFile(await exportSurvey(this.data.id));
        } catch (err) {
          toastError(err);
        }
      });
    },
  },
});
