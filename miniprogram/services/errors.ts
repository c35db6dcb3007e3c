import type { ApiErrorBody, ErrorCode } from '../shared/codes';

/** The envelope's error codes, plus NETWORK when the call never reached a function. */
export type CloudErrorCode = ErrorCode | 'NETWORK';

/** A failed cloud call: the function's `{ ok: false, error }`, a function that threw, or no connection. */
export class CloudCallError extends Error {
  readonly code: CloudErrorCode;
  /** Per-field messages of an INVALID_ARGUMENT, to show under form fields. */
  readonly fields?: Record<string, string>;
  /** The stable UPPER_SNAKE reason of a FAILED_PRECONDITION, e.g. INVITE_USED. */
  readonly reason?: string;

  constructor(code: CloudErrorCode, message: string, details?: ApiErrorBody['details']) {
    super(message);
    // Keeps `instanceof` working when DevTools compiles classes down to ES5.
    Object.setPrototypeOf(this, CloudCallError.prototype);
    this.name = 'CloudCallError';
    this.code = code;
    if (details?.fields) this.fields = details.fields;
    if (details?.reason) this.reason = details.reason;
  }
}

export function isCloudError(err: unknown, code?: CloudErrorCode, reason?: string): err is CloudCallError {
  if (!(err instanceof CloudCallError)) return false;
  return (code === undefined || err.code === code) && (reason === undefined || err.reason === reason);
}

/** What to tell the user about any error thrown by a service call. */
export function errorText(err: unknown): string {
  if (err instanceof CloudCallError) return err.message;
  return '出了点问题，请稍后重试';
}
