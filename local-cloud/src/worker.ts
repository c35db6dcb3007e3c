/**
 * One function instance: a worker thread with its own `process.env`, running one invocation at a time as a
 * CloudBase instance does. The WeChat context of each invocation is written into this worker's env only, and its
 * `Date` runs on the local cloud's clock (shifted by `POST /clock`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { installShiftedDate } from './shifted-date';

interface InvokeMessage {
  id: number;
  event: unknown;
  context: Record<string, string | undefined>;
  env: Record<string, string | undefined>;
  /** The clock's offset when the invocation was handed over. */
  clockOffsetMs: number;
}

const { entry, functionName, namespace, timeoutMs, clockOffsetMs, memoryLimitMb } = workerData as {
  entry: string;
  functionName: string;
  namespace: string;
  timeoutMs: number;
  clockOffsetMs: number;
  memoryLimitMb: number;
};
const setClockOffset = installShiftedDate(clockOffsetMs);
let main: ((event: unknown, context: unknown) => unknown) | undefined;
let loadError: string | undefined;

// A cold start: load the function's module first and say so, before any invocation's clock starts.
try {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(entry);
  if (typeof mod.main !== 'function') throw new Error(`${functionName}: exports.main is not a function`);
  main = mod.main;
} catch (err) {
  loadError = (err as Error)?.message ?? String(err);
}
parentPort!.postMessage({ ready: true, message: loadError });

parentPort!.on('message', async (msg: InvokeMessage) => {
  setClockOffset(msg.clockOffsetMs);
  for (const [key, value] of Object.entries(msg.env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  try {
    if (!main) throw new Error(loadError);
    const result = await main(msg.event, {
      callbackWaitsForEmptyEventLoop: false,
      request_id: msg.context.requestId,
      function_name: functionName,
      function_version: '$LATEST',
      namespace,
      time_limit_in_ms: timeoutMs,
      memory_limit_in_mb: memoryLimitMb,
    });
    // The platform answers with the JSON of the return value; undefined becomes null.
    parentPort!.postMessage({ id: msg.id, ok: true, json: JSON.stringify(result ?? null) });
  } catch (err) {
    const e = err as { message?: string; stack?: string };
    parentPort!.postMessage({ id: msg.id, ok: false, message: e?.message ?? String(err), stack: e?.stack });
  }
});
