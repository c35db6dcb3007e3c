import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';

/** Milliseconds since `start` (performance.now), to a tenth. */
const elapsed = (start: number) => Math.round((performance.now() - start) * 10) / 10;

export interface CallerContext {
  openid?: string;
  appid?: string;
  unionid?: string;
  /** Invocation chain as getWXContext().SOURCE reports it: `wx_client`, `wx_client,scf`, ... */
  source: string;
  clientIp?: string;
}

export interface Invocation {
  requestId: string;
  functionName: string;
  action?: string;
  caller: CallerContext;
  dbCalls: number;
  startedAt: number;
}

export type InvocationResult =
  | { ok: true; json: string; invocation: Invocation; ms: number }
  | { ok: false; errCode: number; errMsg: string; invocation: Invocation; ms: number };

export interface FunctionHostOptions {
  functionsDir: string;
  envId: string;
  /** URL of `/admin` for one worker: every call it makes can be traced to its current invocation. */
  adminUrlFor: (workerId: number) => string;
  /** Extra environment variables of every function (its configuration in the cloud). */
  env: Record<string, string>;
  maxWorkersPerFunction: number;
  timeoutMs: number;
}

interface Instance {
  id: number;
  functionName: string;
  worker: Worker;
  /** Settles once the function's module is loaded: with undefined, or with the error that stopped it. */
  ready: Promise<string | undefined>;
  current?: { invocation: Invocation; resolve: (r: InvocationResult) => void; timer: NodeJS.Timeout; msgId: number };
}

const NAME_PATTERN = /^[A-Za-z0-9_-]{1,60}$/;
export const FUNCTION_EXECUTE_FAIL = -504002;
export const FUNCTION_TIMEOUT = -504003;
/** How long a cold instance may take to load its module; this time does not count against the function's timeout. */
const INIT_TIMEOUT_MS = 30_000;

/**
 * Runs bundled functions (`<functionsDir>/<name>/index.js`) in a pool of worker threads per function: an idle
 * instance is reused (warm), a new one starts while under the cap (cold), and beyond it calls wait their turn.
 */
export class FunctionHost {
  private nextWorkerId = 1;
  private nextMsgId = 1;
  private readonly instances = new Map<number, Instance>();
  private readonly idle = new Map<string, Instance[]>();
  private readonly waiting = new Map<string, (() => void)[]>();
  private readonly counts = new Map<string, number>();
  private readonly workerFile: string;

  constructor(private readonly opts: FunctionHostOptions) {
    // Running from TypeScript sources (tests, tsx) the worker still has to be plain JS: use the built copy.
    this.workerFile = __filename.endsWith('.ts')
      ? path.resolve(__dirname, '../dist/worker.js')
      : path.join(__dirname, 'worker.js');
  }

  exists(name: string): boolean {
    return NAME_PATTERN.test(name) && fs.existsSync(this.entryOf(name));
  }

  /** The invocation a worker is running now, so that its calls to /admin can be attributed. */
  invocationOf(workerId: number): Invocation | undefined {
    return this.instances.get(workerId)?.current?.invocation;
  }

  async invoke(functionName: string, event: unknown, caller: CallerContext): Promise<InvocationResult> {
    const invocation: Invocation = {
      requestId: crypto.randomUUID(),
      functionName,
      action:
        event && typeof event === 'object' && typeof (event as { action?: unknown }).action === 'string'
          ? (event as { action: string }).action
          : undefined,
      caller,
      dbCalls: 0,
      startedAt: performance.now(),
    };
    const instance = await this.acquire(functionName);
    const initError = await this.whenReady(instance);
    if (initError !== undefined) {
      this.discard(instance);
      const ms = elapsed(invocation.startedAt);
      return { ok: false, errCode: FUNCTION_EXECUTE_FAIL, errMsg: initError, invocation, ms };
    }
    // As on the platform, the time limit covers the invocation, not the cold start before it.
    return new Promise<InvocationResult>((resolve) => {
      const msgId = this.nextMsgId++;
      const timer = setTimeout(() => {
        this.finish(instance, {
          ok: false,
          errCode: FUNCTION_TIMEOUT,
          errMsg: `Task timed out after ${this.opts.timeoutMs / 1000} seconds`,
          invocation,
          ms: elapsed(invocation.startedAt),
        });
        this.discard(instance);
      }, this.opts.timeoutMs);
      instance.current = { invocation, resolve, timer, msgId };
      instance.worker.postMessage({
        id: msgId,
        event,
        context: { requestId: invocation.requestId },
        env: {
          WX_OPENID: caller.openid,
          WX_APPID: caller.appid,
          WX_UNIONID: caller.unionid,
          WX_CLIENTIP: caller.clientIp,
          TCB_SOURCE: caller.source,
        },
      });
    });
  }

  async close(): Promise<void> {
    await Promise.all([...this.instances.values()].map((i) => i.worker.terminate()));
    this.instances.clear();
    this.idle.clear();
  }

  private async whenReady(instance: Instance): Promise<string | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(
        () => resolve(`Error: the function did not load within ${INIT_TIMEOUT_MS / 1000} seconds`),
        INIT_TIMEOUT_MS,
      );
    });
    try {
      return await Promise.race([instance.ready, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private entryOf(name: string): string {
    return path.join(this.opts.functionsDir, name, 'index.js');
  }

  private async acquire(name: string): Promise<Instance> {
    for (;;) {
      const free = this.idle.get(name)?.pop();
      if (free) return free;
      if ((this.counts.get(name) ?? 0) < this.opts.maxWorkersPerFunction) return this.spawn(name);
      await new Promise<void>((resolve) => {
        const queue = this.waiting.get(name) ?? [];
        queue.push(resolve);
        this.waiting.set(name, queue);
      });
    }
  }

  private spawn(name: string): Instance {
    const id = this.nextWorkerId++;
    const worker = new Worker(this.workerFile, {
      workerData: {
        entry: this.entryOf(name),
        functionName: name,
        namespace: this.opts.envId,
        timeoutMs: this.opts.timeoutMs,
      },
      env: {
        PATH: process.env.PATH ?? '',
        TZ: process.env.TZ ?? 'Asia/Shanghai',
        NODE_ENV: process.env.NODE_ENV ?? 'production',
        ...this.opts.env,
        // What the SDK needs to find the platform, and what CloudBase sets in every instance.
        TCB_CONTEXT_CNFG: JSON.stringify({ URL: this.opts.adminUrlFor(id) }),
        TENCENTCLOUD_SECRETID: 'local',
        TENCENTCLOUD_SECRETKEY: 'local',
        TENCENTCLOUD_RUNENV: 'SCF',
        TENCENTCLOUD_REGION: 'ap-shanghai',
        SCF_NAMESPACE: this.opts.envId,
        SCF_FUNCTIONNAME: name,
        TCB_ENV: this.opts.envId,
        SILENCE: 'true',
        WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID,WX_UNIONID,WX_CLIENTIP',
      },
    });
    let markReady!: (error: string | undefined) => void;
    const ready = new Promise<string | undefined>((resolve) => (markReady = resolve));
    const instance: Instance = { id, functionName: name, worker, ready };
    worker.on('message', (msg: { id: number; ok: boolean; json?: string; message?: string; ready?: boolean }) => {
      if (msg.ready) return markReady(msg.message === undefined ? undefined : `Error: ${msg.message}`);
      const current = instance.current;
      if (!current || current.msgId !== msg.id) return;
      const ms = elapsed(current.invocation.startedAt);
      this.finish(
        instance,
        msg.ok
          ? { ok: true, json: msg.json!, invocation: current.invocation, ms }
          : {
              ok: false,
              errCode: FUNCTION_EXECUTE_FAIL,
              errMsg: `Error: ${msg.message}`,
              invocation: current.invocation,
              ms,
            },
      );
      this.release(instance);
    });
    worker.on('error', (err) => {
      markReady(`Error: ${err.message}`);
      const current = instance.current;
      if (current) {
        this.finish(instance, {
          ok: false,
          errCode: FUNCTION_EXECUTE_FAIL,
          errMsg: `Error: ${err.message}`,
          invocation: current.invocation,
          ms: elapsed(current.invocation.startedAt),
        });
      }
      this.discard(instance);
    });
    this.instances.set(id, instance);
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
    return instance;
  }

  private finish(instance: Instance, result: InvocationResult): void {
    const current = instance.current;
    if (!current) return;
    clearTimeout(current.timer);
    instance.current = undefined;
    current.resolve(result);
  }

  private release(instance: Instance): void {
    if (!this.instances.has(instance.id)) return;
    const list = this.idle.get(instance.functionName) ?? [];
    list.push(instance);
    this.idle.set(instance.functionName, list);
    this.waiting.get(instance.functionName)?.shift()?.();
  }

  /** A crashed or timed-out instance is thrown away, as the platform does; its slot goes to the next caller. */
  private discard(instance: Instance): void {
    if (!this.instances.delete(instance.id)) return;
    void instance.worker.terminate();
    this.counts.set(instance.functionName, (this.counts.get(instance.functionName) ?? 1) - 1);
    const list = this.idle.get(instance.functionName);
    if (list)
      this.idle.set(
        instance.functionName,
        list.filter((i) => i !== instance),
      );
    this.waiting.get(instance.functionName)?.shift()?.();
  }
}
