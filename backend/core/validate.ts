import * as v from 'valibot';
import { invalid } from './errors';

/** Keys the platform or a client may add to `data` that never reach validation: identity is not taken from input. */
const IGNORED_KEYS = ['action', 'userInfo', 'openid', '_openid'];

/**
 * Validates input against its schema before anything else happens. Every problem is reported under its field's
 * dot path, so a form can show the message under the right field.
 */
export function parseInput<S extends v.GenericSchema>(schema: S, event: Record<string, unknown>): v.InferOutput<S> {
  const input: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(event)) if (!IGNORED_KEYS.includes(k)) input[k] = val;
  const result = v.safeParse(schema, input, { abortPipeEarly: true });
  if (result.success) return result.output;
  const fields: Record<string, string> = {};
  for (const issue of result.issues) {
    const path = v.getDotPath(issue) ?? '(root)';
    if (fields[path]) continue;
    fields[path] = issue.type === 'strict_object' && issue.expected === 'never' ? '不支持的字段' : issue.message;
  }
  throw invalid(fields, `输入有误：${Object.keys(fields).join('、')}`);
}
