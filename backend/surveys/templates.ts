import type { SurveyTemplate } from '../../miniprogram/shared/api';

/**
 * Built-in templates. The migrant-needs questionnaire follows what the seeds say newcomers need (jobs, schooling,
 * medical care, social security, legal aid, language, housing) and asks ethnicity and residency so that every
 * tally can be cross-tabbed by them; the satisfaction one rates the services of the community.
 */
export const SURVEY_TEMPLATES: readonly SurveyTemplate[] = [
  {
    key: 'migrant_needs',
    title: '少数民族流动人口需求问卷',
    intro:
      '为了更好地为来到本社区工作生活的各族群众提供服务，请花几分钟填写这份问卷。我们将根据大家的需求安排就业、子女入学、就医、社保、法律援助、语言学习和住房等方面的服务。',
    questions: [
      { id: 'ethnicity', type: 'ethnicity', title: '您的民族', required: true },
      { id: 'residency', type: 'residency', title: '您的户籍类型', required: true },
      {
        id: 'stay',
        type: 'single',
        title: '您来本地居住多长时间了？',
        options: ['不到半年', '半年到1年', '1到3年', '3年以上'],
        required: true,
      },
      {
        id: 'work',
        type: 'single',
        title: '您目前的工作情况',
        options: ['有稳定工作', '打零工', '自己做生意', '正在找工作', '不工作（照顾家庭、上学、退休等）'],
        required: true,
      },
      {
        id: 'needs',
        type: 'multi',
        title: '您最需要社区提供哪些帮助？（可多选）',
        options: [
          '就业信息与技能培训',
          '子女入学入托',
          '看病就医',
          '社保医保办理',
          '法律咨询与援助',
          '学习普通话与读写',
          '租房与住房保障',
          '办理居住证等证件',
          '清真饮食与民族习俗方面的便利',
        ],
        required: true,
      },
      {
        id: 'children',
        type: 'single',
        title: '您家有需要在本地上学的孩子吗？',
        options: ['没有', '有，已经入学', '有，还没有入学'],
      },
      {
        id: 'insurance',
        type: 'single',
        title: '您在本地参加医保/社保了吗？',
        options: ['都参加了', '只参加了医保', '都没有参加', '不清楚'],
      },
      {
        id: 'mandarin',
        type: 'scale',
        title: '您用普通话交流的程度（1 = 很困难，5 = 很流利）',
        required: true,
      },
      {
        id: 'housing',
        type: 'single',
        title: '您现在的住房情况',
        options: ['自有住房', '租房', '单位宿舍', '借住亲友家', '其他'],
      },
      { id: 'family', type: 'number', title: '和您一起在本地生活的家人有几位（含您本人）？' },
      { id: 'suggest', type: 'text', title: '您还有什么困难或建议想告诉我们？' },
    ],
  },
  {
    key: 'satisfaction',
    title: '社区服务满意度调查',
    intro: '请为社区近期的服务打分，帮助我们改进工作。',
    questions: [
      { id: 'overall', type: 'scale', title: '对社区服务的总体满意度（1 = 很不满意，5 = 很满意）', required: true },
      { id: 'speed', type: 'scale', title: '诉求办理的及时程度', required: true },
      { id: 'attitude', type: 'scale', title: '工作人员的服务态度', required: true },
      {
        id: 'channel',
        type: 'single',
        title: '您主要通过什么方式联系社区？',
        options: ['小程序', '电话', '到社区服务站', '网格员上门', '其他'],
      },
      { id: 'residency', type: 'residency', title: '您的户籍类型' },
      { id: 'improve', type: 'text', title: '您最希望社区改进哪方面的工作？' },
    ],
  },
];

export function templateByKey(key: string): SurveyTemplate | undefined {
  return SURVEY_TEMPLATES.find((t) => t.key === key);
}
