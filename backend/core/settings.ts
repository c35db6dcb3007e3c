import { REQUEST_CATEGORY_VALUES } from '../../miniprogram/shared/categories';
import { COMPLETENESS_FACT_KEYS, DEFAULT_REQUIRED_FACTS } from '../../miniprogram/shared/households';

/**
 * Every setting the functions read from their environment, declared once: its name, what the functions assume
 * when it is unset, what it means, and whether it is a secret. This module is the only code of the functions that
 * reads `process.env`. `npm start` passes every declared setting found in its own environment to the local
 * functions (scripts/start.ts), `npm run deploy` gives the same list to the functions in the cloud
 * (scripts/deploy.ts), and the README's environment table lists each one (test/settings.test.ts checks all three).
 *
 * A new setting is added here, read with `setting(name)`, and given a row in the README.
 */
export interface SettingDef {
  name: string;
  /** What the functions assume when it is unset or empty (`''`: nothing, the feature is off). */
  default: string;
  /** What `npm start` passes when its own environment leaves it unset (a local stand-in), if anything. */
  local?: string;
  meaning: string;
  /** Never printed; flagged as secret by the deploy. */
  secret: boolean;
  /** The deploy refuses to run without it. */
  required?: boolean;
  /** A problem with a value (said without the value), for the deploy to refuse; undefined when it is fine. */
  check?(value: string): string | undefined;
}

function positiveInteger(value: string): boolean {
  return /^[1-9][0-9]*$/.test(value.trim());
}

export const SETTINGS = [
  {
    name: 'PII_KEY',
    default: '',
    meaning: 'key for personal fields at rest (AES-256-GCM; 32 random bytes, base64); also signs internal calls',
    secret: true,
    required: true,
  },
  {
    name: 'PII_OLD_KEYS',
    default: '',
    meaning: 'retired keys (comma-separated) still accepted for decryption during a key rotation',
    secret: true,
  },
  {
    name: 'ADMIN_OPENIDS',
    default: '',
    local: 'demo-admin',
    meaning: 'comma-separated openids that are admin of every root org',
    secret: false,
  },
  {
    name: 'HOUSEHOLD_REQUIRED_FACTS',
    default: DEFAULT_REQUIRED_FACTS.join(','),
    meaning: 'facts counted by household completeness, comma-separated',
    secret: false,
    check: (value) => {
      const unknown = value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s && !(COMPLETENESS_FACT_KEYS as string[]).includes(s));
      return unknown.length ? `names unknown facts: ${unknown.join(', ')}` : undefined;
    },
  },
  {
    name: 'REQUESTS_PER_DAY',
    default: '5',
    meaning: 'requests one resident may file per China day',
    secret: false,
    check: (value) => (positiveInteger(value) ? undefined : 'must be a positive whole number'),
  },
  {
    name: 'REQUEST_DUE_DAYS',
    default: '',
    meaning: 'JSON of working days per request category, overriding the defaults of shared/categories.ts',
    secret: false,
    check: (value) => {
      const overrides = parseJsonObject(value);
      if (!overrides) return 'must be a JSON object such as {"medical":2}';
      const bad = Object.entries(overrides).filter(
        ([category, days]) =>
          !(REQUEST_CATEGORY_VALUES as string[]).includes(category) || !Number.isInteger(days) || Number(days) <= 0,
      );
      return bad.length ? `has bad entries: ${bad.map(([c]) => c).join(', ')}` : undefined;
    },
  },
  {
    name: 'TEMPLATE_REQUEST_UPDATE',
    default: '',
    local: 'local-request-update',
    meaning: 'subscribe-message template id of request updates; unset: no message',
    secret: false,
  },
  {
    name: 'TEMPLATE_STAFF_NEW_REQUEST',
    default: '',
    local: 'local-staff-new-request',
    meaning: 'subscribe-message template id telling grid workers and staff of a new request; unset: no message',
    secret: false,
  },
  {
    name: 'TEMPLATE_STAFF_OVERDUE',
    default: '',
    local: 'local-staff-overdue',
    meaning: 'subscribe-message template id telling staff an overdue request climbed to them; unset: no message',
    secret: false,
  },
  {
    name: 'TEMPLATE_EVENT_REMINDER',
    default: '',
    local: 'local-event-reminder',
    meaning: 'subscribe-message template id of event reminders; unset: no reminder',
    secret: false,
  },
  {
    name: 'TEMPLATE_EVENT_CHANGED',
    default: '',
    local: 'local-event-changed',
    meaning: 'subscribe-message template id of event changes, cancellations and waitlist promotions',
    secret: false,
  },
] as const satisfies readonly SettingDef[];

export type SettingName = (typeof SETTINGS)[number]['name'];
export type TemplateSetting = Extract<SettingName, `TEMPLATE_${string}`>;

export const SETTING_NAMES: readonly SettingName[] = SETTINGS.map((s) => s.name);

export function settingDef(name: SettingName): SettingDef {
  return SETTINGS.find((s) => s.name === name)!;
}

/** The setting's value in this function's environment, or its declared default when unset or empty. */
export function setting(name: SettingName): string {
  const value = process.env[name];
  return value === undefined || value === '' ? settingDef(name).default : value;
}

/** A setting the functions cannot work without (PII_KEY): a missing one is an outage, reported as INTERNAL. */
export function requiredSetting(name: SettingName): string {
  const value = setting(name);
  if (!value) throw new Error(`${name} is not configured`);
  return value;
}

/** A comma-separated setting as a list (blanks dropped). */
export function settingList(name: SettingName): string[] {
  return setting(name)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A whole-number setting; its declared default when the value is not a positive whole number. */
export function settingCount(name: SettingName): number {
  const value = setting(name);
  return Number(positiveInteger(value) ? value : settingDef(name).default);
}

/** A JSON object, or undefined for anything else. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The declared settings present (and not empty) in an environment, by name: what a process hands its functions. */
export function declaredSettingsIn(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { name } of SETTINGS) {
    const value = env[name];
    if (value !== undefined && value !== '') out[name] = value;
  }
  return out;
}
