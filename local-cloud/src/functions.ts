import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { LocalCredentials } from './auth';
import { Clock } from './clock';
import { CloudError } from './errors';
import { readFunctionConfig } from './function-config';

/** Milliseconds since `start` (performance.now), to a tenth. */
const elapsed = (start: number) => Math.round((performance.now() - start) * 10) / 10;

export interface CallerContext {
  openid?: string;
  appid?: string;
  unionid?: string;
  /** Invocation chain as getWXContext().SOURCE reports it: `wx_client`, `wx_client,scf`, `wx_trigger`, ... */
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

/** How many instances may exist and start at once. */
export interface PoolLimits {
  /** Instances of all functions together. */
  maxInstances: number;
  /** Instances of one function. */
  maxInstancesPerFunction: number;
  /** Instances loading their module at the same time (a cold start is CPU-bound: about one per core). */
  maxColdStarts: number;
}

export interface FunctionHostOptions {
  functionsDir: string;
  envId: string;
  /** URL of `/admin` for one worker: every call it makes can be traced to its current invocation. */
  adminUrlFor: (workerId: number) => string;
  /** Extra environment variables of every function (its configuration in the cloud). */
  env: Record<string, string>;
  /** The local cloud's pair, given to every instance as the platform gives its own (the SDK signs with it). */
  credentials: LocalCredentials;
  /** Any limit left out is sized to the machine (machinePoolLimits). */
  limits?: Partial<PoolLimits>;
  /** The time limit of a function whose config.json sets no `timeout`. */
  timeoutMs: number;
  /** The clock every instance's `Date` runs on (default: the real time). */
  clock?: Clock;
  /** Heap limit of an instance (the platform's default memory of a function is 256 MB). */
  memoryLimitMb?: number;
}

type InstanceState = 'loading' | 'idle' | 'busy' | 'gone';

interface Instance {
  id: number;
  functionName: string;
  worker: Worker;
  state: InstanceState;
  /** performance.now() of the last time it went idle: the least recently used idle instance is evicted first. */
  idleSince: number;
  loadTimer?: NodeJS.Timeout;
  current?: { invocation: Invocation; resolve: (r: InvocationResult) => void; timer: NodeJS.Timeout; msgId: number };
}

/** A caller waiting for an instance of `functionName`. */
interface Waiter {
  functionName: string;
  resolve: (instance: Instance) => void;
  /** The cold start meant for this caller failed: it answers with that error. */
  reject: (message: string) => void;
}

const NAME_PATTERN = /^[A-Za-z0-9_-]{1,60}$/;
export const FUNCTION_EXECUTE_FAIL = -504002;
export const FUNCTION_TIMEOUT = -504003;
/**
 * How long a cold instance may take to load its module, counted from its own start: a caller's wait in the queue
 * before it never counts, and neither does the load against the function's time limit.
 */
const INIT_TIMEOUT_MS = 30_000;
/** What one instance is expected to hold at most (module, heap, young generation), for sizing by free memory. */
export const INSTANCE_MEMORY_BUDGET_MB = 128;
const DEFAULT_MEMORY_LIMIT_MB = 256;
const SHUTTING_DOWN = 'Error: the local cloud is shutting down';

/**
 * The pool sized to this machine: one instance per core for a function (at least 2, so that concurrent calls still
 * interleave), 4 per core in all but never more than half the free memory holds at INSTANCE_MEMORY_BUDGET_MB each,
 * and one cold start per core at a time. Locally every instance shares the machine's cores with the database, so
 * more instances than cores only add contention: 300 sign-ups settled fastest with 2 instances on 2 cores, about
 * 1.5× slower with 4 and 2× slower with 8 (docs/bench.md).
 */
export function machinePoolLimits(): PoolLimits {
  const cores = Math.max(1, os.availableParallelism());
  const byMemory = Math.floor(os.freemem() / 2 / 1024 / 1024 / INSTANCE_MEMORY_BUDGET_MB);
  const maxInstances = Math.max(2, Math.min(cores * 4, byMemory));
  return {
    maxInstances,
    maxInstancesPerFunction: Math.min(Math.max(2, cores), maxInstances),
    maxColdStarts: cores,
  };
}

/**
 * Runs bundled functions (`<functionsDir>/<name>/index.js`), each instance a worker thread that runs one invocation
 * at a time, as a CloudBase instance does. Callers queue first come, first served (across functions) for the next
 * free instance: an idle one (warm), or a new one (cold) while under the limits — at most `maxColdStarts` loading at
 * once, at most `maxInstancesPerFunction` per function and `maxInstances` in all, an idle instance of another
 * function giving way when the total is reached. A queued caller waits as long as it takes: what limits the wait is
 * the caller's own timeout (the SDK's), as on the platform.
 */
export class FunctionHost {
  private nextWorkerId = 1;
  private nextMsgId = 1;
  private closing = false;
  private readonly instances = new Map<number, Instance>();
  /** Idle instances by function, the most recently used last (reused first: it is the warmest). */
  private readonly idle = new Map<string, Instance[]>();
  private readonly queue: Waiter[] = [];
  private readonly counts = new Map<string, number>();
  private readonly timeouts = new Map<string, number>();
  private loading = 0;
  private readonly workerFile: string;
  readonly limits: PoolLimits;
  private readonly clock: Clock;

  constructor(private readonly opts: FunctionHostOptions) {
    this.limits = { ...machinePoolLimits(), ...opts.limits };
    this.clock = opts.clock ?? new Clock();
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

  /** Instances by state and callers waiting, now. */
  stats(): { instances: number; loading: number; busy: number; queued: number } {
    let busy = 0;
    for (const i of this.instances.values()) if (i.state === 'busy') busy++;
    return { instances: this.instances.size, loading: this.loading, busy, queued: this.queue.length };
  }

  /**
   * Runs one invocation. Rejects with CloudError INVALID_PARAM, after freeing the instance, when the event cannot be
   * handed to it (a value structured cloning refuses); every other outcome is an InvocationResult.
   */
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
    let instance: Instance;
    try {
      instance = await this.acquire(functionName);
    } catch (err) {
      const errMsg = String((err as Error).message);
      return { ok: false, errCode: FUNCTION_EXECUTE_FAIL, errMsg, invocation, ms: elapsed(invocation.startedAt) };
    }
    // As on the platform, the time limit covers the invocation, not the wait or the cold start before it.
    const timeoutMs = this.timeoutOf(functionName);
    return new Promise<InvocationResult>((resolve, reject) => {
      const msgId = this.nextMsgId++;
      const timer = setTimeout(() => {
        this.finish(instance, {
          ok: false,
          errCode: FUNCTION_TIMEOUT,
          errMsg: `Task timed out after ${timeoutMs / 1000} seconds`,
          invocation,
          ms: elapsed(invocation.startedAt),
        });
        this.discard(instance);
      }, timeoutMs);
      instance.current = { invocation, resolve, timer, msgId };
      try {
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
          clockOffsetMs: this.clock.offsetMs,
        });
      } catch (err) {
        // Nothing reached the worker: it is as idle as before, so it goes back to the pool at once instead of
        // staying busy until the timeout.
        clearTimeout(timer);
        instance.current = undefined;
        this.release(instance);
        reject(
          new CloudError('INVALID_PARAM', `the event cannot be passed to the function: ${(err as Error).message}`, 400),
        );
      }
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const waiter of this.queue.splice(0)) waiter.reject(SHUTTING_DOWN);
    const all = [...this.instances.values()];
    for (const instance of all) {
      clearTimeout(instance.loadTimer);
      const current = instance.current;
      if (current) {
        const { invocation } = current;
        const ms = elapsed(invocation.startedAt);
        this.finish(instance, { ok: false, errCode: FUNCTION_EXECUTE_FAIL, errMsg: SHUTTING_DOWN, invocation, ms });
      }
    }
    this.instances.clear();
    this.idle.clear();
    await Promise.all(all.map((i) => i.worker.terminate()));
  }

  private entryOf(name: string): string {
    return path.join(this.opts.functionsDir, name, 'index.js');
  }

  /** The function's `timeout` from its config.json, else the host's default (read once per function). */
  private timeoutOf(name: string): number {
    let ms = this.timeouts.get(name);
    if (ms === undefined) {
      try {
        ms = readFunctionConfig(this.opts.functionsDir, name).timeoutMs ?? this.opts.timeoutMs;
      } catch {
        ms = this.opts.timeoutMs;
      }
      this.timeouts.set(name, ms);
    }
    return ms;
  }

  private acquire(functionName: string): Promise<Instance> {
    if (this.closing) return Promise.reject(new Error(SHUTTING_DOWN));
    return new Promise<Instance>((resolve, reject) => {
      this.queue.push({ functionName, resolve, reject: (message) => reject(new Error(message)) });
      this.pump();
    });
  }

  /**
   * Hands free instances to waiting callers in arrival order, and starts instances for callers that no loading
   * instance is already meant for, within the limits. Runs after every change of the pool.
   */
  private pump(): void {
    if (this.closing) return;
    // Loading instances of a function already spoken for by earlier callers in this pass.
    const spokenFor = new Map<string, number>();
    for (let i = 0; i < this.queue.length;) {
      const waiter = this.queue[i];
      const name = waiter.functionName;
      const free = this.idle.get(name)?.pop();
      if (free) {
        free.state = 'busy';
        this.queue.splice(i, 1);
        waiter.resolve(free);
        continue;
      }
      const promised = spokenFor.get(name) ?? 0;
      if (promised < this.loadingOf(name) || this.trySpawn(name)) spokenFor.set(name, promised + 1);
      i++;
    }
  }

  private loadingOf(name: string): number {
    let n = 0;
    for (const i of this.instances.values()) if (i.functionName === name && i.state === 'loading') n++;
    return n;
  }

  /**
   * Starts an instance of `name` if the limits allow; at the total, the least recently used idle instance of another
   * function makes way for it.
   */
  private trySpawn(name: string): boolean {
    const { maxInstances, maxInstancesPerFunction, maxColdStarts } = this.limits;
    if ((this.counts.get(name) ?? 0) >= maxInstancesPerFunction || this.loading >= maxColdStarts) return false;
    if (this.instances.size >= maxInstances) {
      let oldest: Instance | undefined;
      for (const list of this.idle.values())
        for (const i of list) if (i.functionName !== name && (!oldest || i.idleSince < oldest.idleSince)) oldest = i;
      if (!oldest) return false;
      this.remove(oldest);
    }
    this.spawn(name);
    return true;
  }

  private spawn(name: string): void {
    const id = this.nextWorkerId++;
    const memoryLimitMb = this.opts.memoryLimitMb ?? DEFAULT_MEMORY_LIMIT_MB;
    const worker = new Worker(this.workerFile, {
      workerData: {
        entry: this.entryOf(name),
        functionName: name,
        namespace: this.opts.envId,
        timeoutMs: this.timeoutOf(name),
        clockOffsetMs: this.clock.offsetMs,
        memoryLimitMb,
      },
      resourceLimits: { maxOldGenerationSizeMb: memoryLimitMb },
      env: {
        PATH: process.env.PATH ?? '',
        TZ: process.env.TZ ?? 'Asia/Shanghai',
        NODE_ENV: process.env.NODE_ENV ?? 'production',
        ...this.opts.env,
        // What the SDK needs to find the platform, and what CloudBase sets in every instance.
        TCB_CONTEXT_CNFG: JSON.stringify({ URL: this.opts.adminUrlFor(id) }),
        TENCENTCLOUD_SECRETID: this.opts.credentials.secretId,
        TENCENTCLOUD_SECRETKEY: this.opts.credentials.secretKey,
        TENCENTCLOUD_RUNENV: 'SCF',
        TENCENTCLOUD_REGION: 'ap-shanghai',
        SCF_NAMESPACE: this.opts.envId,
        SCF_FUNCTIONNAME: name,
        TCB_ENV: this.opts.envId,
        SILENCE: 'true',
        WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID,WX_UNIONID,WX_CLIENTIP',
      },
    });
    const instance: Instance = { id, functionName: name, worker, state: 'loading', idleSince: 0 };
    instance.loadTimer = setTimeout(
      () => this.failLoad(instance, `Error: the function did not load within ${INIT_TIMEOUT_MS / 1000} seconds`),
      INIT_TIMEOUT_MS,
    );
    worker.on('message', (msg: { id: number; ok: boolean; json?: string; message?: string; ready?: boolean }) => {
      if (msg.ready) {
        if (msg.message !== undefined) return this.failLoad(instance, `Error: ${msg.message}`);
        if (instance.state !== 'loading' || !this.instances.has(id)) return;
        clearTimeout(instance.loadTimer);
        this.loading--;
        return this.release(instance);
      }
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
    const crashed = (message: string) => {
      if (instance.state === 'loading') return this.failLoad(instance, message);
      const current = instance.current;
      if (current) {
        this.finish(instance, {
          ok: false,
          errCode: FUNCTION_EXECUTE_FAIL,
          errMsg: message,
          invocation: current.invocation,
          ms: elapsed(current.invocation.startedAt),
        });
      }
      this.discard(instance);
    };
    worker.on('error', (err) => crashed(`Error: ${err.message}`));
    worker.on('exit', (code) => crashed(`Error: the instance exited with code ${code}`));
    this.instances.set(id, instance);
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
    this.loading++;
  }

  /** A cold start that failed: the instance goes, and the first caller waiting for its function gets the error. */
  private failLoad(instance: Instance, message: string): void {
    if (!this.instances.has(instance.id)) return;
    this.remove(instance);
    const i = this.queue.findIndex((w) => w.functionName === instance.functionName);
    if (i >= 0) this.queue.splice(i, 1)[0].reject(message);
    this.pump();
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
    instance.state = 'idle';
    instance.idleSince = performance.now();
    const list = this.idle.get(instance.functionName) ?? [];
    list.push(instance);
    this.idle.set(instance.functionName, list);
    this.pump();
  }

  /** A crashed or timed-out instance is thrown away, as the platform does; its slot goes to the next caller. */
  private discard(instance: Instance): void {
    if (!this.instances.has(instance.id)) return;
    this.remove(instance);
    this.pump();
  }

  private remove(instance: Instance): void {
    if (!this.instances.delete(instance.id)) return;
    clearTimeout(instance.loadTimer);
    if (instance.state === 'loading') this.loading--;
    instance.state = 'gone';
    instance.worker.removeAllListeners('exit');
    void instance.worker.terminate();
    this.counts.set(instance.functionName, (this.counts.get(instance.functionName) ?? 1) - 1);
    const list = this.idle.get(instance.functionName);
    if (list) {
      const at = list.indexOf(instance);
      if (at >= 0) list.splice(at, 1);
    }
  }
}
