import type * as v from 'valibot';
import type { Envelope } from '../../miniprogram/shared/codes';
import type { ActionName, FunctionName, ResOf } from '../../miniprogram/shared/api';
import { AppError, invalid } from './errors';
import { callerOpenid, loadCaller, type Caller } from './identity';
import { isSignedCall, openActAs } from './internal';
import { rateLimit } from './ratelimit';
import { parseInput } from './validate';

export interface RequestContext {
  openid: string;
  requestId: string;
  /** When the platform stops this invocation (ms since the epoch): long work checks it and leaves the rest for later. */
  deadline: number;
  /** The caller's grants, loaded on first use (one database call). */
  caller(): Promise<Caller>;
}

export interface ActionDef<S extends v.GenericSchema, R> {
  schema: S;
  /** Writes are limited per caller: at most `max` calls per `windowSeconds` for this action. */
  limit?: { max: number; windowSeconds: number };
  handler(input: v.InferOutput<S>, ctx: RequestContext): Promise<R>;
}

type Actions<F extends FunctionName> = { [A in ActionName<F>]: ActionDef<v.GenericSchema, ResOf<F, A>> };

/** Ties an action to its schema and handler, keeping the handler's input typed by the schema. */
export function action<S extends v.GenericSchema, R>(def: ActionDef<S, R>): ActionDef<S, R> {
  return def;
}

/** The platform's default time limit, for a context that does not say (the deploy's default timeout). */
const DEFAULT_TIME_LIMIT_MS = 20_000;

export interface InvocationContext {
  request_id?: string;
  /** The function's timeout, as the platform passes it. */
  time_limit_in_ms?: number;
}

/** The end of this invocation's time, from the context the platform passes (or the default timeout). */
export function deadlineOf(context: InvocationContext | undefined, startedAt = Date.now()): number {
  const limit = Number(context?.time_limit_in_ms);
  return startedAt + (Number.isFinite(limit) && limit > 0 ? limit : DEFAULT_TIME_LIMIT_MS);
}

/**
 * One router per function: dispatches `event.action`, takes identity from the WeChat context only, validates the
 * input before any database call, applies the per-caller limit, and always answers with the envelope. Unexpected
 * errors become INTERNAL with a request id, logged without the input (which may hold personal data).
 */
export function createRouter<F extends FunctionName>(fn: F, actions: Actions<F>) {
  return async function main(event: Record<string, unknown>, context?: InvocationContext): Promise<Envelope<unknown>> {
    const deadline = deadlineOf(context);
    const requestId = context?.request_id ?? `local-${Date.now().toString(36)}`;
    let name = typeof event?.action === 'string' ? event.action : undefined;
    try {
      // Operator tooling acting as a user (the demo seed), signed with the functions' key: not rate-limited.
      const signed = isSignedCall(event) ? openActAs(fn, event) : undefined;
      if (signed) name = typeof signed.event.action === 'string' ? signed.event.action : undefined;
      if (!name || !Object.prototype.hasOwnProperty.call(actions, name)) {
        throw invalid({ action: name ? `未知操作：${name.slice(0, 40)}` : '缺少 action' }, '未知操作');
      }
      const def = actions[name as ActionName<F>];
      const openid = signed?.openid ?? callerOpenid();
      const input = parseInput(def.schema, signed?.event ?? event ?? {});
      if (def.limit && !signed) await rateLimit(openid, `${fn}.${name}`, def.limit.max, def.limit.windowSeconds);
      let caller: Promise<Caller> | undefined;
      const ctx: RequestContext = { openid, requestId, deadline, caller: () => (caller ??= loadCaller(openid)) };
      return { ok: true, data: await def.handler(input, ctx) };
    } catch (err) {
      if (err instanceof AppError) return { ok: false, error: err.toBody() };
      const e = err as { errCode?: unknown; errMsg?: unknown; message?: unknown; stack?: unknown };
      console.error(
        `[${fn}.${name ?? '?'}] request ${requestId} failed: ${String(e?.errCode ?? '')} ${String(e?.errMsg ?? e?.message ?? err)}`,
        e?.stack ?? '',
      );
      return { ok: false, error: { code: 'INTERNAL', message: `服务暂时不可用，请稍后再试（请求编号 ${requestId}）` } };
    }
  };
}
