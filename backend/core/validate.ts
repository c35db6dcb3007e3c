import * as v from 'valibot';
import { invalid } from './errors';

/** Keys the platform or a client may add to `data` that never reach validation: identity is not taken from input. */
const IGNORED_KEYS = ['action', 'userInfo', 'openid', '_openid'];

/**
 * Keys that reach an object's prototype chain when assigned (`__proto__`), or that a schema finds on every object
 * through it (`constructor`, `prototype`): refused at any depth, before anything copies or validates the input.
 */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * How deep containers may nest in an input. The deepest the contract takes is a household's
 * `members[i].languages[j]` (4 levels); anything far deeper is refused before a validator or the database walks it.
 */
export const MAX_INPUT_DEPTH = 16;

/** Stop collecting problems after this many (an input with thousands of bad keys gets a bounded answer). */
const MAX_REPORTED = 20;

/** Sets a field message as an own property, so that even a field named `__proto__` reaches the envelope. */
function report(fields: Record<string, string>, path: string, message: string): void {
  if (Object.prototype.hasOwnProperty.call(fields, path)) return;
  Object.defineProperty(fields, path, { value: message, enumerable: true, writable: true, configurable: true });
}

/** Walks the raw input (no recursion past MAX_INPUT_DEPTH) and reports forbidden keys and over-deep values. */
function screen(value: unknown, path: string, depth: number, fields: Record<string, string>): void {
  if (value === null || typeof value !== 'object' || Object.keys(fields).length >= MAX_REPORTED) return;
  if (depth > MAX_INPUT_DEPTH) {
    report(fields, path, '嵌套层级过深');
    return;
  }
  const isArray = Array.isArray(value);
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    if (!isArray && FORBIDDEN_KEYS.has(key)) report(fields, childPath, '不支持的字段');
    else screen(child, childPath, depth + 1, fields);
  }
}

/**
 * Validates input against its schema before anything else happens. Every problem is reported under its field's
 * dot path, so a form can show the message under the right field.
 */
export function parseInput<S extends v.GenericSchema>(schema: S, event: Record<string, unknown>): v.InferOutput<S> {
  const fields: Record<string, string> = {};
  screen(event, '', 0, fields);
  if (Object.keys(fields).length) throw invalid(fields, `输入有误：${Object.keys(fields).join('、')}`);
  // Object.fromEntries defines own properties: nothing in the input can set the copy's prototype.
  const input = Object.fromEntries(Object.entries(event).filter(([k]) => !IGNORED_KEYS.includes(k)));
  const result = v.safeParse(schema, input, { abortPipeEarly: true });
  if (result.success) return result.output;
  for (const issue of result.issues) {
    const path = v.getDotPath(issue) ?? '(root)';
    report(fields, path, issue.type === 'strict_object' && issue.expected === 'never' ? '不支持的字段' : issue.message);
  }
  throw invalid(fields, `输入有误：${Object.keys(fields).join('、')}`);
}
