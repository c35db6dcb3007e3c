import type { ApiErrorBody, ErrorCode } from '../../miniprogram/shared/codes';

/** An error that becomes the `{ ok: false, error }` envelope; anything else thrown becomes INTERNAL. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ApiErrorBody['details'],
  ) {
    super(message);
  }

  toBody(): ApiErrorBody {
    return this.details
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message };
  }
}

export const invalid = (fields: Record<string, string>, message = '输入有误') =>
  new AppError('INVALID_ARGUMENT', message, { fields });
export const unauthenticated = () => new AppError('UNAUTHENTICATED', '请先登录微信');
export const denied = (message = '没有权限执行此操作') => new AppError('PERMISSION_DENIED', message);
export const notFound = (message = '记录不存在') => new AppError('NOT_FOUND', message);
export const alreadyExists = (message: string) => new AppError('ALREADY_EXISTS', message);
export const precondition = (reason: string, message: string) =>
  new AppError('FAILED_PRECONDITION', message, { reason });
export const exhausted = (message = '操作太频繁，请稍后再试') => new AppError('RESOURCE_EXHAUSTED', message);
