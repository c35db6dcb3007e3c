/**
 * A function's `config.json` as the platform reads it when the function is deployed: `timeout` (seconds) and
 * `triggers` (`[{ name, type: 'timer', config: '<7-field cron>' }]`). `permissions` are not enforced locally.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface TriggerSpec {
  name: string;
  type: string;
  config: string;
}

export interface FunctionConfig {
  /** The function's time limit in ms, when its config.json sets `timeout`. */
  timeoutMs?: number;
  triggers: TriggerSpec[];
}

/** The platform's rule for a trigger name: a letter, then up to 59 letters, digits, `-` or `_`. */
export const TRIGGER_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,59}$/;
/** The platform's bounds on a function's timeout, in seconds. */
const MAX_TIMEOUT_S = 900;

/** Reads `<functionsDir>/<name>/config.json`; a missing file is an empty configuration, a malformed one an Error. */
export function readFunctionConfig(functionsDir: string, name: string): FunctionConfig {
  const file = path.join(functionsDir, name, 'config.json');
  if (!fs.existsSync(file)) return { triggers: [] };
  let raw: { timeout?: unknown; triggers?: unknown };
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof raw;
  } catch (err) {
    throw new Error(`${name}/config.json is not JSON: ${(err as Error).message}`, { cause: err });
  }
  const config: FunctionConfig = { triggers: [] };
  if (raw.timeout !== undefined) {
    if (typeof raw.timeout !== 'number' || !(raw.timeout > 0 && raw.timeout <= MAX_TIMEOUT_S))
      throw new Error(`${name}/config.json: timeout must be a number of seconds in (0, ${MAX_TIMEOUT_S}]`);
    config.timeoutMs = raw.timeout * 1000;
  }
  if (raw.triggers !== undefined) {
    if (!Array.isArray(raw.triggers)) throw new Error(`${name}/config.json: triggers must be an array`);
    for (const t of raw.triggers as Partial<TriggerSpec>[]) {
      if (!t || typeof t.name !== 'string' || typeof t.type !== 'string' || typeof t.config !== 'string')
        throw new Error(`${name}/config.json: each trigger needs a name, a type and a config (strings)`);
      config.triggers.push({ name: t.name, type: t.type, config: t.config });
    }
  }
  return config;
}

/** The folders of `functionsDir` that hold a bundled function (`<name>/index.js`). */
export function listFunctions(functionsDir: string): string[] {
  if (!fs.existsSync(functionsDir)) return [];
  return fs
    .readdirSync(functionsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(functionsDir, d.name, 'index.js')))
    .map((d) => d.name)
    .sort();
}
