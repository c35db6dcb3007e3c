/** Error codes of the cloud-function envelope (docs/api.md). */
export const ERROR_CODES = [
  'INVALID_ARGUMENT',
  'UNAUTHENTICATED',
  'PERMISSION_DENIED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'FAILED_PRECONDITION',
  'RESOURCE_EXHAUSTED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
  details?: { reason?: string; fields?: Record<string, string> };
}

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ApiErrorBody };
