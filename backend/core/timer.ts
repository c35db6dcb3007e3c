import type { Envelope } from '../../miniprogram/shared/codes';
import { cloud } from './cloud';

/**
 * A timer trigger's call (`triggers` of the function's config.json): the platform sends `{ Type: 'Timer',
 * TriggerName, Time }` with no caller identity. A mini program's call always carries an OPENID, so nobody can pose
 * as the timer; a call with one goes to the router as usual.
 */
export function isTimerCall(event: Record<string, unknown> | undefined): boolean {
  return typeof event?.Type === 'string' && event.Type.toLowerCase() === 'timer' && !cloud.getWXContext().OPENID;
}

/** Runs a timer's work in the envelope; a failure is logged (without data) and answered INTERNAL. */
export async function runTimer<T>(name: string, work: () => Promise<T>): Promise<Envelope<T>> {
  try {
    return { ok: true, data: await work() };
  } catch (err) {
    console.error(`[${name}.timer] failed: ${String((err as Error)?.message ?? err)}`);
    return { ok: false, error: { code: 'INTERNAL', message: '定时任务失败，下次运行时重试' } };
  }
}
