import fs from 'node:fs';
import path from 'node:path';
import type * as v from 'valibot';

export type ActionSchemas = Record<
  string,
  v.ObjectSchema<v.ObjectEntries, undefined> | v.StrictObjectSchema<v.ObjectEntries, undefined>
>;

/**
 * Every function's input schemas, found in miniprogram/shared/schemas/<fn>.ts (export `<fn>Schemas`), so that the
 * whole-API suites (authorization table, bad input) notice a new function or action without being told.
 */
export function allSchemas(): Record<string, ActionSchemas> {
  const dir = path.resolve(__dirname, '../../miniprogram/shared/schemas');
  const out: Record<string, ActionSchemas> = {};
  for (const file of fs.readdirSync(dir)) {
    const fn = file.replace(/\.ts$/, '');
    if (fn === file || fn === 'common') continue;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(dir, file)) as Record<string, ActionSchemas>;
    if (mod[`${fn}Schemas`]) out[fn] = mod[`${fn}Schemas`];
  }
  return out;
}

export function allActions(): string[] {
  return Object.entries(allSchemas()).flatMap(([fn, actions]) => Object.keys(actions).map((a) => `${fn}.${a}`));
}
