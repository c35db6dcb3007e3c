/**
 * The demo community, from the customer's own articles: Kunming's 关上街道中心区社区 (官渡区) with its grids,
 * 西山区永昌街道 with a few communities, and 成都市 for cross-city hand-over. Contacts and coordinates are
 * illustrative; phone numbers are fictional.
 */

export type OrgLevel = 'city' | 'district' | 'street' | 'community' | 'grid';

export interface DemoOrg {
  key: string;
  name: string;
  level: OrgLevel;
  parent?: string;
  contact?: { name?: string; phone?: string; address?: string };
}

export interface DemoStation {
  org: string;
  type: 'yijiaqin' | 'rongrong' | 'service_hall';
  name: string;
  address: string;
  latitude: number;
  longitude: number;
  hours: string;
  services: string[];
  phone: string;
  greenChannel: boolean;
}

export interface DemoPersona {
  openid: string;
  name: string;
  label: string;
  home: string;
  grants: { role: 'admin' | 'staff' | 'grid_worker'; org: string }[];
}

export const DEMO_ORGS: DemoOrg[] = [
  { key: 'km', name: '昆明市', level: 'city', contact: { name: '昆明市民族宗教事务委员会', phone: '0871-12345' } },
  { key: 'gd', name: '官渡区', level: 'district', parent: 'km' },
  {
    key: 'gs',
    name: '关上街道',
    level: 'street',
    parent: 'gd',
    contact: { name: '关上街道办事处', phone: '0871-67100000' },
  },
  {
    key: 'zxq',
    name: '中心区社区',
    level: 'community',
    parent: 'gs',
    contact: { name: '中心区社区便民服务热线', phone: '0871-67100001', address: '昆明市官渡区关上中心区关兴路' },
  },
  {
    key: 'zxq-g1',
    name: '第一网格（金色年华小区）',
    level: 'grid',
    parent: 'zxq',
    contact: { name: '李春燕', phone: '13908710001' },
  },
  {
    key: 'zxq-g2',
    name: '第二网格（关上北路片区）',
    level: 'grid',
    parent: 'zxq',
    contact: { name: '王建华', phone: '13908710002' },
  },
  {
    key: 'zxq-g3',
    name: '第三网格（世纪城片区）',
    level: 'grid',
    parent: 'zxq',
    contact: { name: '杨丽萍', phone: '13908710003' },
  },
  {
    key: 'zxq-g4',
    name: '第四网格（民航路片区）',
    level: 'grid',
    parent: 'zxq',
    contact: { name: '普建国', phone: '13908710004' },
  },
  { key: 'xs', name: '西山区', level: 'district', parent: 'km' },
  {
    key: 'yc',
    name: '永昌街道',
    level: 'street',
    parent: 'xs',
    contact: { name: '永昌街道办事处', phone: '0871-64100000' },
  },
  {
    key: 'ysl',
    name: '永顺里社区',
    level: 'community',
    parent: 'yc',
    contact: { name: '永顺里社区居委会', phone: '0871-64100001' },
  },
  {
    key: 'ysl-g1',
    name: '永顺里第一网格',
    level: 'grid',
    parent: 'ysl',
    contact: { name: '赵文', phone: '13908720001' },
  },
  {
    key: 'yxl',
    name: '永兴路社区',
    level: 'community',
    parent: 'yc',
    contact: { name: '永兴路社区居委会', phone: '0871-64100002' },
  },
  {
    key: 'yxl-g1',
    name: '永兴路第一网格',
    level: 'grid',
    parent: 'yxl',
    contact: { name: '马晓红', phone: '13908720002' },
  },
  {
    key: 'ykl',
    name: '益康路社区',
    level: 'community',
    parent: 'yc',
    contact: { name: '益康路社区居委会', phone: '0871-64100003' },
  },
  {
    key: 'gdc',
    name: '盛高大城社区',
    level: 'community',
    parent: 'yc',
    contact: { name: '盛高大城社区居委会', phone: '0871-64100004' },
  },
  { key: 'cd', name: '成都市', level: 'city', contact: { name: '成都市民族宗教事务局', phone: '028-12345' } },
  { key: 'wh', name: '武侯区', level: 'district', parent: 'cd' },
  { key: 'jxj', name: '浆洗街街道', level: 'street', parent: 'wh' },
  {
    key: 'xmq',
    name: '洗面桥社区',
    level: 'community',
    parent: 'jxj',
    contact: { name: '洗面桥社区居委会', phone: '028-85500001' },
  },
  {
    key: 'xmq-g1',
    name: '洗面桥第一网格',
    level: 'grid',
    parent: 'xmq',
    contact: { name: '泽仁拉姆', phone: '13908280001' },
  },
];

export const DEMO_STATIONS: DemoStation[] = [
  {
    org: 'zxq',
    type: 'service_hall',
    name: '中心区社区政务服务大厅',
    address: '昆明市官渡区关上中心区关兴路社区服务中心一楼',
    latitude: 24.9935,
    longitude: 102.7442,
    hours: '周一至周五 9:00-17:30',
    services: ['gov_service', 'social_security', 'consult'],
    phone: '0871-67100001',
    greenChannel: true,
  },
  {
    org: 'zxq',
    type: 'yijiaqin',
    name: '中心区“一家亲”工作站',
    address: '昆明市官渡区关上中心区红石榴民族团结进步示范街区',
    latitude: 24.9951,
    longitude: 102.7418,
    hours: '每天 9:00-20:00',
    services: ['employment', 'training', 'language', 'consult'],
    phone: '0871-67100005',
    greenChannel: false,
  },
  {
    org: 'zxq',
    type: 'yijiaqin',
    name: '“微电商+精准扶贫”技能培训基地',
    address: '昆明市官渡区电商产业园区',
    latitude: 24.9888,
    longitude: 102.7506,
    hours: '每月一次集中授课',
    services: ['training', 'employment'],
    phone: '0871-67100006',
    greenChannel: false,
  },
  {
    org: 'gdc',
    type: 'rongrong',
    name: '盛高大城“融荣与共”实践中心',
    address: '昆明市西山区永昌街道盛高大城社区',
    latitude: 25.0279,
    longitude: 102.6921,
    hours: '周二至周日 9:00-18:00',
    services: ['employment', 'consult', 'other'],
    phone: '0871-64100004',
    greenChannel: false,
  },
  {
    org: 'yxl',
    type: 'yijiaqin',
    name: '永兴路社区民族文化活动室',
    address: '昆明市西山区永昌街道永兴路社区综合文化服务中心',
    latitude: 25.0301,
    longitude: 102.6958,
    hours: '每天 8:30-21:00',
    services: ['schooling', 'training', 'consult'],
    phone: '0871-64100002',
    greenChannel: false,
  },
  {
    org: 'xmq',
    type: 'service_hall',
    name: '洗面桥社区党群服务中心',
    address: '成都市武侯区浆洗街街道洗面桥社区',
    latitude: 30.6427,
    longitude: 104.0453,
    hours: '周一至周五 9:00-17:00',
    services: ['gov_service', 'legal_aid', 'mediation', 'language'],
    phone: '028-85500001',
    greenChannel: true,
  },
];

export const DEMO_PERSONAS: DemoPersona[] = [
  { openid: 'demo-resident', name: '马丽', label: '居民（回族，新到昆明务工）', home: 'zxq', grants: [] },
  {
    openid: 'demo-grid-worker',
    name: '李春燕',
    label: '网格员（中心区社区第一网格）',
    home: 'zxq',
    grants: [{ role: 'grid_worker', org: 'zxq-g1' }],
  },
  {
    openid: 'demo-staff',
    name: '张慧',
    label: '社区工作人员（中心区社区民族专干）',
    home: 'zxq',
    grants: [{ role: 'staff', org: 'zxq' }],
  },
  {
    openid: 'demo-street-admin',
    name: '刘明',
    label: '街道管理员（关上街道）',
    home: 'zxq',
    grants: [{ role: 'admin', org: 'gs' }],
  },
  {
    openid: 'demo-chengdu-staff',
    name: '泽仁拉姆',
    label: '社区工作人员（成都洗面桥社区）',
    home: 'xmq',
    grants: [{ role: 'staff', org: 'xmq' }],
  },
  { openid: 'demo-admin', name: '系统管理员', label: '管理员（ADMIN_OPENIDS，所有根节点）', home: 'zxq', grants: [] },
];

export interface DemoMember {
  name: string;
  gender: 'male' | 'female';
  /** GB/T 3304 code. */
  ethnicity: string;
  relation?: string;
  /** The first 17 digits of a fictional ID number; the check character is computed. */
  id17?: string;
  phone?: string;
  residency: 'registered' | 'floating';
  origin?: string;
  arrivedAt?: string;
  occupation?: string;
  languages?: string[];
  needs?: string[];
  /** A demo persona who has claimed this member record. */
  openid?: string;
}

export interface DemoHousehold {
  grid: string;
  address: { estate?: string; building: string; unit?: string; room: string };
  housing?: string;
  tags?: string[];
  members: DemoMember[];
  visits?: { by: string; daysAgo: number; notes: string; needs?: string[] }[];
}

/**
 * Households of 中心区社区 for the grid registry (网格化管理): minority families who came for work, long-time
 * residents, an elderly man living alone. People, ID numbers and phones are fictional.
 */
export const DEMO_HOUSEHOLDS: DemoHousehold[] = [
  {
    grid: 'zxq-g1',
    address: { estate: '金色年华小区', building: '3', unit: '2', room: '301' },
    housing: 'rented',
    members: [
      {
        name: '马丽',
        gender: 'female',
        ethnicity: '03',
        relation: 'head',
        id17: '53062119920315002',
        phone: '13708710011',
        residency: 'floating',
        origin: '云南省昭通市鲁甸县',
        arrivedAt: '2026-09-01',
        occupation: '餐馆服务员',
        languages: ['普通话', '云南方言'],
        needs: ['employment', 'schooling'],
        openid: 'demo-resident',
      },
      {
        name: '马建国',
        gender: 'male',
        ethnicity: '03',
        relation: 'spouse',
        id17: '53062119900708003',
        phone: '13708710012',
        residency: 'floating',
        origin: '云南省昭通市鲁甸县',
        arrivedAt: '2026-09-01',
        occupation: '清真餐馆个体户',
        languages: ['普通话'],
      },
      {
        name: '马小雨',
        gender: 'female',
        ethnicity: '03',
        relation: 'child',
        residency: 'floating',
        origin: '云南省昭通市鲁甸县',
        arrivedAt: '2026-09-01',
        occupation: '小学生',
        needs: ['schooling'],
      },
    ],
    visits: [
      {
        by: 'demo-grid-worker',
        daysAgo: 12,
        notes: '进百家门、访百家情：新到昆明务工，孩子转学手续未办完，已告知社区政务服务大厅绿色通道。',
        needs: ['schooling'],
      },
    ],
  },
  {
    grid: 'zxq-g1',
    address: { estate: '金色年华小区', building: '3', unit: '2', room: '302' },
    housing: 'owned',
    tags: ['elderly_alone', 'key_attention'],
    members: [
      {
        name: '普建华',
        gender: 'male',
        ethnicity: '07',
        relation: 'head',
        id17: '53011119480612001',
        phone: '13708710021',
        residency: 'registered',
        occupation: '退休',
        languages: ['彝语', '普通话'],
        needs: ['medical'],
      },
    ],
    visits: [
      {
        by: 'demo-grid-worker',
        daysAgo: 3,
        notes: '独居老人每周探访：血压偏高，已联系社区医生上门。',
        needs: ['medical'],
      },
    ],
  },
  {
    grid: 'zxq-g1',
    address: { estate: '金色年华小区', building: '5', unit: '1', room: '101' },
    housing: 'rented',
    members: [
      {
        name: '岩温',
        gender: 'male',
        ethnicity: '18',
        relation: 'head',
        id17: '53280119880101003',
        phone: '13708710031',
        residency: 'floating',
        origin: '云南省西双版纳州景洪市',
        arrivedAt: '2025-03-15',
        occupation: '建筑工人',
        languages: ['傣语'],
        needs: ['training', 'language'],
      },
      {
        name: '玉香',
        gender: 'female',
        ethnicity: '18',
        relation: 'spouse',
        id17: '53280119900520004',
        residency: 'floating',
        origin: '云南省西双版纳州景洪市',
        arrivedAt: '2025-03-15',
        languages: ['傣语'],
        needs: ['employment'],
      },
    ],
  },
  {
    grid: 'zxq-g1',
    address: { estate: '金色年华小区', building: '5', unit: '1', room: '602' },
    housing: 'public_rental',
    tags: ['dibao'],
    members: [
      {
        name: '段丽华',
        gender: 'female',
        ethnicity: '14',
        relation: 'head',
        id17: '53290119750303002',
        phone: '13708710041',
        residency: 'registered',
        occupation: '社区志愿者',
        languages: ['白语', '普通话'],
        needs: ['social_security'],
      },
    ],
  },
  {
    grid: 'zxq-g1',
    address: { estate: '金色年华小区', building: '8', unit: '1', room: '201' },
    housing: 'owned',
    tags: ['disability', 'dibao'],
    members: [
      {
        name: '李春梅',
        gender: 'female',
        ethnicity: '16',
        relation: 'head',
        id17: '53250119800909002',
        phone: '13708710051',
        residency: 'registered',
        occupation: '保洁员',
        languages: ['哈尼语', '普通话'],
      },
      {
        name: '李建平',
        gender: 'male',
        ethnicity: '16',
        relation: 'spouse',
        id17: '53250119781111001',
        residency: 'registered',
        languages: ['哈尼语'],
        needs: ['disability'],
      },
    ],
  },
  {
    grid: 'zxq-g2',
    address: { estate: '关上北路', building: '12号', unit: '1', room: '501' },
    housing: 'rented',
    members: [
      {
        name: '阿依古丽·买买提',
        gender: 'female',
        ethnicity: '05',
        relation: 'head',
        id17: '65310119950214002',
        phone: '13708710061',
        residency: 'floating',
        origin: '新疆喀什市',
        arrivedAt: '2024-05-20',
        occupation: '餐饮创业',
        languages: ['维吾尔语', '普通话'],
        needs: ['employment', 'legal_aid'],
      },
    ],
  },
  {
    grid: 'zxq-g3',
    address: { estate: '世纪城', building: '2', unit: '3', room: '1102' },
    housing: 'rented',
    members: [
      {
        name: '卓玛',
        gender: 'female',
        ethnicity: '04',
        relation: 'head',
        id17: '53342119930808002',
        phone: '13708710071',
        residency: 'floating',
        origin: '云南省迪庆州香格里拉市',
        arrivedAt: '2026-03-01',
        occupation: '唐卡画师',
        languages: ['藏语', '普通话'],
        needs: ['training'],
      },
    ],
  },
];
