/**
 * One function instance: a worker thread with its own `process.env`, running one invocation at a time as a
 * CloudBase instance does. The WeChat context of each invocation is written into this worker's env only.
 */
import { parentPort, workerData } from 'node:worker_threads';

interface InvokeMessage {
  id: number;
  event: unknown;
  context: Record<string, string | undefined>;
  env: Record<string, string | undefined>;
}

const { entry, functionName, namespace, timeoutMs } = workerData as {
  entry: string;
  functionName: string;
  namespace: string;
  timeoutMs: number;
};
let main: ((event: unknown, context: unknown) => unknown) | undefined;

parentPort!.on('message', async (msg: InvokeMessage) => {
  for (const [key, value] of Object.entries(msg.env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  try {
    if (!main) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(entry);
      main = mod.main;
      if (typeof main !== 'function') throw new Error(`${functionName}: exports.main is not a function`);
    }
    const result = await main(msg.event, {
      callbackWaitsForEmptyEventLoop: false,
      request_id: msg.context.requestId,
      function_name: functionName,
      function_version: '$LATEST',
      namespace,
      time_limit_in_ms: timeoutMs,
      memory_limit_in_mb: 256,
    });
    // The platform answers with the JSON of the return value; undefined becomes null.
    parentPort!.postMessage({ id: msg.id, ok: true, json: JSON.stringify(result ?? null) });
  } catch (err) {
    const e = err as { message?: string; stack?: string };
    parentPort!.postMessage({ id: msg.id, ok: false, message: e?.message ?? String(err), stack: e?.stack });
  }
});
