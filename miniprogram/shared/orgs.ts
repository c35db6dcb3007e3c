/** The org tree: 市 → 区 → 街道 → 社区 → 网格. */
export const ORG_LEVELS = ['city', 'district', 'street', 'community', 'grid'] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];

export const ORG_LEVEL_LABELS: Record<OrgLevel, string> = {
  city: '市',
  district: '区（县）',
  street: '街道（乡镇）',
  community: '社区',
  grid: '网格',
};

/** An org's actions when the caller may do none of them (`orgs.manage` starts from it; pages before it answers). */
export const NO_ORG_CAN = {
  create: false,
  rename: false,
  move: false,
  archive: false,
  updateContact: false,
  createStation: false,
  updateStation: false,
  invite: false,
  importLedger: false,
};

/** The level a child of `level` must have; a grid has no children. */
export function childLevel(level: OrgLevel): OrgLevel | undefined {
  return ORG_LEVELS[ORG_LEVELS.indexOf(level) + 1];
}

/**
 * Service stations, typed as the customer's articles type them: Kunming's 一家亲工作站 and 融荣与共实践中心, a
 * community's 政务服务大厅 (with a 少数民族同胞办事绿色通道), a 技能培训基地, a 民族文化活动室, and Chengdu's
 * 社区民族工作服务站 ("一站式" service of a community).
 */
export const STATION_TYPES = [
  'yijiaqin',
  'rongrong',
  'service_hall',
  'training_base',
  'culture_room',
  'ethnic_service_station',
] as const;
export type StationType = (typeof STATION_TYPES)[number];
export const STATION_TYPE_LABELS: Record<StationType, string> = {
  yijiaqin: '“一家亲”工作站',
  rongrong: '“融荣与共”实践中心',
  service_hall: '政务服务大厅',
  training_base: '技能培训基地',
  culture_room: '民族文化活动室',
  ethnic_service_station: '社区民族工作服务站',
};

export const ROLES = ['admin', 'staff', 'grid_worker'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = {
  admin: '管理员',
  staff: '社区工作人员',
  grid_worker: '网格员',
};
