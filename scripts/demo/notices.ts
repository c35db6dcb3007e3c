import crypto from 'node:crypto';
import type tcb from '@cloudbase/node-sdk';
import { noticeSortKey, type NoticeDoc } from '../../backend/notices/model';
import type { NoticeBlock, NoticeKind } from '../../miniprogram/shared/notices';

/**
 * Demo notices, written from the customer's articles: a pinned notice of 中心区社区, the street's policy outreach on
 * 铸牢中华民族共同体意识 (应知应会, as 西山区 prints its 应知应会手册), and the newcomer guide for a family's first month
 * in the city (居住证, 社保医保, 子女入学, 就业服务, 法律援助, the nearest station), plus one notice of another
 * community. Times of service and documents are illustrative: the guide says to check with the window.
 */

type Db = ReturnType<ReturnType<typeof tcb.init>['database']>;

const p = (text: string, bold?: true): NoticeBlock => (bold ? { type: 'p', text, bold } : { type: 'p', text });
const h = (text: string): NoticeBlock => ({ type: 'h', text });
const li = (text: string): NoticeBlock => ({ type: 'li', text });

interface DemoNotice {
  org: string;
  kind: NoticeKind;
  title: string;
  pinned?: true;
  /** Published so many hours before the seeding. */
  hoursAgo: number;
  body: NoticeBlock[];
}

export const DEMO_NOTICES: DemoNotice[] = [
  {
    org: 'zxq',
    kind: 'notice',
    title: '“石榴红”民族团结进步创建月：百家宴报名开始',
    pinned: true,
    hoursAgo: 2,
    body: [
      p('各位居民朋友：'),
      p(
        '社区“石榴红”民族团结进步创建月开始了。民族团结百家宴将在社区文化广场举行，欢迎各族居民每户带一道家乡菜，围坐一桌，共话团结。',
      ),
      h('怎么报名'),
      li('在小程序“活动”中找到“中心区社区民族团结百家宴”，登记人数和菜品。'),
      li('清真菜品请打开“清真”开关，现场设清真餐区。'),
      li('不方便使用手机的老人，可请网格员代为登记。'),
      p('名额有限，报满后可以候补。', true),
      p('咨询电话：0871-67100001（中心区社区便民服务热线）'),
    ],
  },
  {
    org: 'gs',
    kind: 'policy',
    title: '铸牢中华民族共同体意识 · 应知应会',
    hoursAgo: 30,
    body: [
      p('铸牢中华民族共同体意识是新时代党的民族工作的主线。下面这些要点，请大家一起学一学、记一记。', true),
      h('“四个与共”'),
      li('各民族休戚与共、荣辱与共、生死与共、命运与共。'),
      h('“三个离不开”'),
      li('汉族离不开少数民族，少数民族离不开汉族，各少数民族之间也相互离不开。'),
      h('“五个认同”'),
      li('对伟大祖国、中华民族、中华文化、中国共产党、中国特色社会主义的认同。'),
      h('交往交流交融'),
      p(
        '促进各民族广泛交往交流交融，像石榴籽一样紧紧抱在一起。社区的百家宴、长龙宴、结对认亲和志愿服务，都是身边的“三交”。',
      ),
      h('在我们街道'),
      li('社区一站式服务大厅设有综合服务窗口，提供就业指导、技能培训、医疗服务和法规政策宣讲。'),
      li('民族团结进步创建“十进”活动：进社区、进学校、进企业、进家庭……欢迎参与。'),
    ],
  },
  {
    org: 'zxq',
    kind: 'guide',
    title: '新市民第一个月：办事指南',
    hoursAgo: 50,
    body: [
      p(
        '刚来昆明，欢迎您！这份指南按先后顺序列出第一个月最常办的事。证件和材料以窗口最新要求为准，先打电话问一问最省事。',
      ),
      h('一、居住登记和居住证'),
      li('到社区或辖区派出所登记居住信息，带上身份证和租房合同（或房主证明）。'),
      li('居住满半年，并有稳定就业、稳定住所或子女连续就读之一的，可以申领居住证。'),
      h('二、社保和医保'),
      li('在单位上班的，由单位办理参保；灵活就业的，可到社区一站式大厅咨询参保方式。'),
      li('医保异地就医备案可以在“国家医保服务平台”办理，看病前先备案。'),
      h('三、子女入学'),
      li('随迁子女入学一般需要居住证明、务工证明和户口簿，报名时间以教育部门公告为准。'),
      li('材料不齐或有困难，请在小程序“我要求助”中选择“子女入学”，社区会帮您对接。'),
      h('四、就业服务'),
      li('社区每月有就业培训，也有电商技能培训基地，可在“活动”中报名。'),
      li('找工作、劳动合同有疑问，可到一站式大厅“创业就业指导”窗口。'),
      h('五、法律援助'),
      li('欠薪、工伤、租房纠纷，可以申请法律援助，社区调解室也能先帮您调解。'),
      li('在小程序“我要求助”中选择“法律援助”或“矛盾调解”。'),
      h('六、离您最近的服务站'),
      li('在小程序“服务站”中查看离您最近的站点、开放时间和电话。'),
      li('中心区社区便民服务热线：0871-67100001，地址：官渡区关上中心区关兴路。'),
      p('有什么不明白的，随时找您的网格员。', true),
    ],
  },
  {
    org: 'yxl',
    kind: 'notice',
    title: '长龙宴志愿者招募',
    hoursAgo: 20,
    body: [p('永兴路社区长龙宴招募布置、引导和清洁志愿者，请到民族文化活动室报名。')],
  },
];

/** Writes the demo notices (the seed runs once, on an empty database). */
export async function seedNotices(
  db: Db,
  orgs: Map<string, { id: string; name: string; ancestors: string[] }>,
  now = new Date(),
): Promise<number> {
  for (const demo of DEMO_NOTICES) {
    const org = orgs.get(demo.org)!;
    const _id = crypto.randomBytes(16).toString('hex');
    const at = new Date(now.getTime() - demo.hoursAgo * 3600_000);
    const notice: NoticeDoc = {
      _id,
      orgId: org.id,
      orgName: org.name,
      ancestors: org.ancestors,
      kind: demo.kind,
      title: demo.title,
      body: demo.body,
      images: [],
      pinned: demo.pinned ?? false,
      status: 'published',
      sortKey: noticeSortKey(demo.pinned ?? false, at, _id),
      readCount: 0,
      createdBy: 'seed',
      createdAt: at,
      updatedBy: 'seed',
      updatedAt: at,
    };
    await db.collection('notices').add(notice);
  }
  return DEMO_NOTICES.length;
}
