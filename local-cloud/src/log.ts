/** The longest a caller-supplied field of a log line may get (its escapes included). */
export const MAX_LOG_FIELD = 80;

/** C0 and C1 controls, space, DEL, the Unicode line and paragraph separators, and the backslash itself. */
function unsafe(code: number): boolean {
  return code <= 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 || code === 0x5c;
}

/**
 * One field of a log line, made safe: control characters, spaces and backslashes are escaped (`\u000a`, `\\`), so
 * a value can neither end the line nor pose as the next `key=value`, and the field is cut to `max` characters
 * (then marked `…`). Empty or missing values print as `-`.
 */
export function logField(value: string | undefined | null, max = MAX_LOG_FIELD): string {
  if (value === undefined || value === null || value === '') return '-';
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    const piece = !unsafe(code) ? char : code === 0x5c ? '\\\\' : `\\u${code.toString(16).padStart(4, '0')}`;
    if (out.length + piece.length > max) return `${out}…`;
    out += piece;
  }
  return out;
}
