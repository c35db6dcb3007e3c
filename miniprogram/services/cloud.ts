import { env } from '../config/env';
import type { ActionName, FunctionName, ReqOf, ResOf } from '../shared/api';
import type { ApiErrorBody } from '../shared/codes';
import { CloudCallError } from './errors';
import { localTransport } from './transports/local';
import type { Transport } from './transports/types';
import { wxCloudTransport } from './transports/wxcloud';

export { CloudCallError, errorText, isCloudError } from './errors';
export type { CloudErrorCode } from './errors';

/** The transport `config/env.ts` selects: the real CloudBase or the local cloud. */
export function currentTransport(): Transport {
  return env.mode === 'cloud' ? wxCloudTransport : localTransport;
}

/**
 * Calls `fn`'s `action`, typed by the contract (`shared/api.ts`): resolves with the envelope's `data` or throws a
 * CloudCallError carrying the envelope's code, message, field messages and reason.
 */
export async function callCloud<F extends FunctionName, A extends ActionName<F>>(
  fn: F,
  action: A,
  req: ReqOf<F, A>,
): Promise<ResOf<F, A>> {
  const result = await currentTransport()(fn, { ...(req as Record<string, unknown>), action });
  return unwrap<ResOf<F, A>>(result);
}

/** Opens the `{ ok, data | error }` envelope. */
export function unwrap<T>(result: unknown): T {
  const envelope = result as { ok?: unknown; data?: unknown; error?: Partial<ApiErrorBody> } | null | undefined;
  if (envelope && envelope.ok === true) return envelope.data as T;
  if (envelope && envelope.ok === false && envelope.error && typeof envelope.error.code === 'string') {
    const { code, message, details } = envelope.error;
    throw new CloudCallError(code, message || '操作失败', details);
  }
  throw new CloudCallError('INTERNAL', '服务返回了无法识别的结果');
}
