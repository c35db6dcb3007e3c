import { largeFont, syncLargeFont } from '../../behaviors/large-font';
import { mapPage, pagedList, type ListQuery } from '../../behaviors/paged-list';
import { listSurveys } from '../../services/surveys';
import type { SurveySummary } from '../../shared/api';
import { ROUTES } from '../../shared/routes';
import { SURVEY_STATUS_LABELS } from '../../shared/surveys';
import { dataOf, go } from '../../utils/navigate';

interface SurveyItem {
  id: string;
  title: string;
  statusLabel: string;
  statusTheme: string;
  meta: string;
}

function itemOf(s: SurveySummary): SurveyItem {
  const parts = [s.orgName, `${s.questionCount} 题`];
  if (s.closesAt) parts.push(`截止 ${s.closesAt.slice(0, 16).replace('T', ' ')}`);
  return {
    id: s.id,
    title: s.title,
    statusLabel: SURVEY_STATUS_LABELS[s.status],
    statusTheme: s.status === 'published' ? 'success' : s.status === 'draft' ? 'warning' : 'default',
    meta: parts.join(' · '),
  };
}

/** The ways to start a survey: the built-in templates (backend/surveys/templates.ts) or blank. */
const STARTS = [
  { key: 'migrant_needs', label: '少数民族流动人口需求问卷', icon: 'usergroup' },
  { key: 'satisfaction', label: '社区服务满意度调查', icon: 'thumb-up' },
  { key: '', label: '空白问卷', icon: 'file-add' },
];

/**
 * 需求问卷 (staff): every survey under `?orgId=` (drafts, open, closed), newest first, and 新建 from a template or
 * blank. A survey opens the builder, which also carries its QR code, 查看结果 and 结束.
 */
Component({
  behaviors: [largeFont, pagedList],
  data: {
    orgId: '',
    starts: STARTS,
    items: [] as SurveyItem[],
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ orgId: query.orgId ?? '' });
    },

    async onShow(): Promise<void> {
      syncLargeFont(this);
      await this.load();
    },

    async listScope() {
      return this.data.orgId ? {} : { status: 'norole' };
    },

    async fetchPage(query: ListQuery) {
      return mapPage(await listSurveys({ ...query, orgId: this.data.orgId }), itemOf);
    },

    create(e: WechatMiniprogram.BaseEvent) {
      const template = (dataOf(e).key as string) || undefined;
      go(ROUTES.surveyEdit({ orgId: this.data.orgId, template }));
    },

    openItem(e: WechatMiniprogram.BaseEvent) {
      const id = dataOf(e).id as string | undefined;
      if (id) go(ROUTES.surveyEdit({ id }));
    },
  },
});
