/**
 * The demo community, from the customer's own articles: Kunming's 关上街道中心区社区 (官渡区) with its grids,
 * 西山区永昌街道 with a few communities, and Chengdu's 四川天府新区安公社区 (the article on 成都 names it for its
 * 民族工作 "五线发动六大平台工作法"; its street, 华阳街道, is not in the articles) for cross-city hand-over.
 * Stations are the ones the articles describe, typed as they type them. Every person is fictional (no name of a
 * real official or public figure; the articles' own people are left out), and so are phone numbers; addresses and
 * coordinates are illustrative.
 */

import type { StationView } from '../../miniprogram/shared/api';

export type OrgLevel = 'city' | 'district' | 'street' | 'community' | 'grid';

export interface DemoOrg {
  key: string;
  name: string;
  level: OrgLevel;
  parent?: string;
  contact?: { name?: string; phone?: string; address?: string; hours?: string };
}

/** A station as the demo creates it: the view's fields, under the demo org's key. */
export type DemoStation = Omit<StationView, 'id' | 'orgId' | 'distanceM' | 'distanceKm'> & { org: string };

export interface DemoPersona {
  openid: string;
  name: string;
  label: string;
  home: string;
  grants: { role: 'admin' | 'staff' | 'grid_worker'; org: string }[];
}

export const DEMO_ORGS: DemoOrg[] = [
  { key: 'km', name: '昆明市', level: 'city', contact: { name: '昆明市民族宗教事务委员会', phone: '0871-63100000' } },
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
    contact: {
      name: '中心区社区便民服务热线',
      phone: '0871-67100001',
      address: '昆明市官渡区关上中心区关兴路',
      hours: '周一至周五 9:00-12:00，14:00-17:30',
    },
  },
  {
    key: 'zxq-g1',
    name: '第一网格（金色年华小区）',
    level: 'grid',
    parent: 'zxq',
    contact: { name: '李晓芬', phone: '13908710001' },
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
    contact: { name: '杨桂芬', phone: '13908710003' },
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
  { key: 'cd', name: '成都市', level: 'city', contact: { name: '成都市民族宗教事务局', phone: '028-61800000' } },
  { key: 'tf', name: '四川天府新区', level: 'district', parent: 'cd' },
  { key: 'hy', name: '华阳街道', level: 'street', parent: 'tf' },
  {
    key: 'ag',
    name: '安公社区',
    level: 'community',
    parent: 'hy',
    contact: { name: '安公社区居委会', phone: '028-85500001' },
  },
  {
    key: 'ag-g1',
    name: '安公社区第一网格',
    level: 'grid',
    parent: 'ag',
    contact: { name: '泽仁拉姆', phone: '13908280001' },
  },
];

export const DEMO_STATIONS: DemoStation[] = [
  {
    // The article: "政务服务大厅，大厅设立了“少数民族同胞办事绿色通道”，由两位民族专干提供服务"
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
    // The article: "联合开设了“微电商+精准扶贫”技能培训基地，基地培训讲师每月为……少数民族外来务工人员授课一次"
    org: 'zxq',
    type: 'training_base',
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
    // The article: "高大城社区创办了……融荣与共实践中心，通过“融荣与共实践中心”搭建线上线下展销平台"
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
    // The article: "永兴路社区以社区综合文化服务中心为依托，成立民族文化活动室，对外免费开放……每季度定期开展知识培训"
    org: 'yxl',
    type: 'culture_room',
    name: '永兴路社区民族文化活动室',
    address: '昆明市西山区永昌街道永兴路社区综合文化服务中心',
    latitude: 25.0301,
    longitude: 102.6958,
    hours: '每天 8:30-21:00',
    services: ['training', 'employment', 'consult'],
    phone: '0871-64100002',
    greenChannel: false,
  },
  {
    // The article on 成都: "搭建社区民族工作服务站等“一站式”服务机构", with 国家通用语言文字 training and 法律援助/调解
    org: 'ag',
    type: 'ethnic_service_station',
    name: '安公社区民族工作服务站',
    address: '成都市四川天府新区华阳街道安公社区',
    latitude: 30.4987,
    longitude: 104.0551,
    hours: '周一至周五 9:00-17:00',
    services: ['gov_service', 'language', 'legal_aid', 'mediation'],
    phone: '028-85500001',
    greenChannel: false,
  },
];

export const DEMO_PERSONAS: DemoPersona[] = [
  { openid: 'demo-resident', name: '马秀芳', label: '居民（回族，新到昆明务工）', home: 'zxq', grants: [] },
  {
    openid: 'demo-grid-worker',
    name: '李晓芬',
    label: '网格员（中心区社区第一网格）',
    home: 'zxq',
    grants: [{ role: 'grid_worker', org: 'zxq-g1' }],
  },
  {
    openid: 'demo-staff',
    name: '罗晓芸',
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
    label: '社区工作人员（成都安公社区）',
    home: 'ag',
    grants: [{ role: 'staff', org: 'ag' }],
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
        name: '马秀芳',
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
