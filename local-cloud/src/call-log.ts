import type { InvocationResult } from './functions';

/** One function invocation as the console's call log shows it (the fields of its `[fn]` log line). */
export interface CallRecord {
  /** Increases by one per invocation: the console asks for what came after the last one it has. */
  seq: number;
  /** When it finished, real time (ISO). */
  at: string;
  functionName: string;
  action: string | null;
  caller: string | null;
  source: string;
  ms: number;
  /** Calls to `/admin` the function's instance made during the invocation (database, storage, other functions). */
  dbCalls: number;
  code: string;
  requestId: string;
}

/** How many invocations the console keeps: older ones leave the ring (the log lines stay in the terminal). */
export const CALL_LOG_SIZE = 500;

/** The code of an invocation: `OK`, the envelope's `error.code`, `ERR<errCode>` for a throw or timeout, else `-`. */
export function resultCodeOf(r: InvocationResult): string {
  if (!r.ok) return `ERR${r.errCode}`;
  try {
    const value = JSON.parse(r.json) as { ok?: unknown; error?: { code?: unknown } } | null;
    if (value && typeof value === 'object') {
      if (value.error && typeof value.error.code === 'string') return value.error.code;
      if (value.ok === true) return 'OK';
    }
  } catch {
    /* not JSON: cannot happen, the worker produced it */
  }
  return '-';
}

/** The last CALL_LOG_SIZE invocations, in memory only. */
export class CallLog {
  private readonly ring: CallRecord[] = [];
  private seq = 0;

  constructor(private readonly size = CALL_LOG_SIZE) {}

  add(r: InvocationResult): void {
    const inv = r.invocation;
    this.ring.push({
      seq: ++this.seq,
      at: new Date().toISOString(),
      functionName: inv.functionName,
      action: inv.action ?? null,
      caller: inv.caller.openid ?? null,
      source: inv.caller.source,
      ms: r.ms,
      dbCalls: inv.dbCalls,
      code: resultCodeOf(r),
      requestId: inv.requestId,
    });
    if (this.ring.length > this.size) this.ring.splice(0, this.ring.length - this.size);
  }

  /** The records after `since` (a seq), oldest first, that contain `filter` in one of their fields. */
  after(since: number, filter = ''): CallRecord[] {
    const needle = filter.trim().toLowerCase();
    return this.ring.filter(
      (r) =>
        r.seq > since &&
        (!needle ||
          [r.functionName, r.action, r.caller, r.source, r.code, r.requestId].some((f) =>
            (f ?? '').toLowerCase().includes(needle),
          )),
    );
  }
}
