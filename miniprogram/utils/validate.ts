import * as v from 'valibot';
import { CloudCallError } from '../services/errors';

export type FieldErrors = Record<string, string>;

/**
 * Checks form input against a shared schema (the same one the cloud function applies) and returns the parsed value
 * or the first message per field, keyed like the envelope's `details.fields`.
 */
export function validate<S extends v.GenericSchema>(
  schema: S,
  input: unknown,
): { ok: true; value: v.InferOutput<S> } | { ok: false; errors: FieldErrors } {
  const res = v.safeParse(schema, input);
  if (res.success) return { ok: true, value: res.output };
  const errors: FieldErrors = {};
  for (const issue of res.issues) {
    const key = (issue.path ?? []).map((p) => String(p.key)).join('.') || '_';
    if (!errors[key]) errors[key] = issue.message;
  }
  return { ok: false, errors };
}

/**
 * The parsed input, or throws the same INVALID_ARGUMENT (with field messages) the cloud would answer: a form or a
 * dialog then handles its own check and the cloud's refusal in one place.
 */
export function validated<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
  const checked = validate(schema, input);
  if (checked.ok) return checked.value;
  throw new CloudCallError('INVALID_ARGUMENT', Object.values(checked.errors)[0] ?? '输入有误', {
    fields: checked.errors,
  });
}

/** A refusal of one field, shaped like the cloud's (for a check no shared schema makes). */
export function invalid(field: string, message: string): CloudCallError {
  return new CloudCallError('INVALID_ARGUMENT', message, { fields: { [field]: message } });
}
