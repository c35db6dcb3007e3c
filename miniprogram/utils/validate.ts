import * as v from 'valibot';

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
