import { env } from './env';

/**
 * Demo personas of the local cloud's seed data (scripts/demo/data.ts). In local mode the 我的 page lets one act as
 * any of them; the local transport sends the chosen openid as `X-WX-OPENID`.
 */
export interface Persona {
  openid: string;
  label: string;
}

export const PERSONAS: Persona[] = [
  { openid: 'demo-resident', label: '居民 · 马秀芳（回族，新到昆明务工）' },
  { openid: 'demo-grid-worker', label: '网格员 · 李晓芬（中心区社区第一网格）' },
  { openid: 'demo-staff', label: '社区工作人员 · 罗晓芸（中心区社区民族专干）' },
  { openid: 'demo-street-admin', label: '街道管理员 · 刘明（关上街道）' },
  { openid: 'demo-chengdu-staff', label: '社区工作人员 · 泽仁拉姆（成都安公社区）' },
  { openid: 'demo-admin', label: '系统管理员（所有根节点）' },
];

export const DEFAULT_PERSONA = PERSONAS[0].openid;
const STORAGE_KEY = 'persona';

/** Whether the persona switcher is offered: only against the local cloud. */
export function personasEnabled(): boolean {
  return env.mode === 'local';
}

/** The openid the local transport acts as. */
export function currentPersona(): string {
  const stored: unknown = wx.getStorageSync(STORAGE_KEY);
  return typeof stored === 'string' && stored ? stored : DEFAULT_PERSONA;
}

export function setPersona(openid: string): void {
  wx.setStorageSync(STORAGE_KEY, openid);
}

export function personaLabel(openid: string): string {
  return PERSONAS.find((p) => p.openid === openid)?.label ?? openid;
}
