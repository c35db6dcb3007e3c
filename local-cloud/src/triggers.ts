/**
 * Timer triggers: every `{ type: 'timer' }` trigger of a function's config.json fires on its CloudBase cron schedule
 * (seven fields: second minute hour day month weekday year, in China time, day and weekday joined by "or") while the
 * local cloud runs, on the local cloud's clock, and can be fired by hand. The function is called as the platform calls
 * it: the event `{ Type: 'Timer', TriggerName, Time, Message }`, no user identity, SOURCE `wx_trigger`.
 *
 * The schedule is evaluated on the shifted clock from the moment of a shift on: moving the clock forward does not
 * replay the runs it skipped (fire them by hand to see their effect); moving it back runs the schedule again from the
 * earlier time.
 */
import { Cron } from 'croner';
import type { Clock } from './clock';
import { listFunctions, readFunctionConfig, TRIGGER_NAME_PATTERN } from './function-config';
import type { InvocationResult } from './functions';
import { logField } from './log';

/** What the platform sends a function on a timer. */
export interface TimerEvent {
  Type: 'Timer';
  TriggerName: string;
  /** The scheduled time (or the time of a run by hand), `YYYY-MM-DDTHH:mm:ssZ`. */
  Time: string;
  Message: string;
}

export interface TimerRun {
  functionName: string;
  triggerName: string;
  time: string;
  result: InvocationResult;
}

export interface TimerTriggersOptions {
  functionsDir: string;
  clock: Clock;
  /** Invokes the function with the timer's event. */
  invoke: (functionName: string, event: TimerEvent) => Promise<InvocationResult>;
  log: (line: string) => void;
  /** Fire on the schedule (default); when false, triggers fire only by hand. */
  schedule: boolean;
}

interface Timer {
  functionName: string;
  name: string;
  config: string;
  cron: Cron;
  timeout?: NodeJS.Timeout;
  /** Settles when the last run asked for has finished: runs of one trigger never overlap, they wait in turn. */
  tail: Promise<unknown>;
  /** A scheduled run is waiting for the current one; a further tick meanwhile is dropped, not stacked up. */
  scheduledWaiting: boolean;
}

/** The platform's time zone for cron schedules (触发器规则的时区为 UTC+8). */
const TIMEZONE = 'Asia/Shanghai';
/** A long wait is cut into pieces of at most this, so that a timer never waits past Node's setTimeout limit. */
const MAX_WAIT_MS = 3_600_000;

/** Parses a CloudBase cron expression; throws an Error that says what is wrong. */
export function parseCron(expression: string): Cron {
  // `1/10` (from 1, every 10) is CloudBase syntax; croner calls it sloppy.
  return new Cron(expression, { mode: '7-part', timezone: TIMEZONE, sloppyRanges: true, domAndDow: false });
}

/** `2026-11-30T05:00:00Z`, the form of the platform's `Time`. */
export function timerTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class TimerTriggers {
  private readonly timers = new Map<string, Timer>();
  private closed = false;

  /** Loads the timer triggers of every function; `start()` starts their schedule. */
  constructor(private readonly opts: TimerTriggersOptions) {
    for (const functionName of listFunctions(opts.functionsDir)) this.load(functionName);
  }

  /** Starts the schedule (when scheduling): call it once the functions can be invoked. */
  start(): void {
    if (!this.opts.schedule || this.closed) return;
    const { clock } = this.opts;
    for (const timer of this.timers.values()) this.scheduleNext(timer, clock.now());
    // A shifted clock starts the schedule over from the new time (no backfill).
    clock.onChange(() => {
      for (const timer of this.timers.values()) this.scheduleNext(timer, clock.now());
    });
  }

  /** Every timer trigger loaded, with its next scheduled time on the clock (when scheduling). */
  list(): { functionName: string; name: string; config: string; next: string | null }[] {
    return [...this.timers.values()].map((t) => {
      const next = this.opts.schedule ? t.cron.nextRun(new Date(this.opts.clock.now())) : null;
      return {
        functionName: t.functionName,
        name: t.name,
        config: t.config,
        next: next ? timerTime(next.getTime()) : null,
      };
    });
  }

  has(functionName: string, triggerName: string): boolean {
    return this.timers.has(keyOf(functionName, triggerName));
  }

  /** Fires a trigger now (after any run of it still going) and settles when this run has finished. */
  fire(functionName: string, triggerName: string): Promise<TimerRun> {
    const timer = this.timers.get(keyOf(functionName, triggerName));
    if (!timer) return Promise.reject(new Error(`no timer trigger ${functionName}/${triggerName}`));
    const run = timer.tail.then(() => this.run(timer, this.opts.clock.now()));
    timer.tail = run.catch(() => undefined);
    return run;
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer.timeout);
  }

  private load(functionName: string): void {
    let triggers;
    try {
      triggers = readFunctionConfig(this.opts.functionsDir, functionName).triggers;
    } catch (err) {
      return this.opts.log(`[timer] ${logField(functionName)}: ${(err as Error).message}; its triggers are off`);
    }
    for (const t of triggers) {
      const where = `${logField(functionName)}/${logField(t.name)}`;
      if (t.type !== 'timer') {
        this.opts.log(`[timer] ${where}: type ${logField(t.type)} is not emulated (only timer)`);
        continue;
      }
      if (!TRIGGER_NAME_PATTERN.test(t.name)) {
        this.opts.log(`[timer] ${where}: a trigger name is a letter then letters, digits, - or _ (60 at most)`);
        continue;
      }
      let cron: Cron;
      try {
        cron = parseCron(t.config);
      } catch (err) {
        this.opts.log(`[timer] ${where}: the cron "${logField(t.config)}" is invalid: ${(err as Error).message}`);
        continue;
      }
      const key = keyOf(functionName, t.name);
      if (this.timers.has(key)) {
        this.opts.log(`[timer] ${where}: a function cannot have two triggers of one name; the first is kept`);
        continue;
      }
      this.timers.set(key, {
        functionName,
        name: t.name,
        config: t.config,
        cron,
        tail: Promise.resolve(),
        scheduledWaiting: false,
      });
    }
  }

  private scheduleNext(timer: Timer, after: number): void {
    clearTimeout(timer.timeout);
    if (this.closed) return;
    const next = timer.cron.nextRun(new Date(after))?.getTime();
    if (next === undefined) return;
    const wait = Math.min(Math.max(0, next - this.opts.clock.now()), MAX_WAIT_MS);
    timer.timeout = setTimeout(() => {
      if (this.opts.clock.now() < next) return this.scheduleNext(timer, after);
      this.tick(timer, next);
      this.scheduleNext(timer, next);
    }, wait);
    timer.timeout.unref();
  }

  /** A scheduled run: it waits for a run still going, and is dropped if another scheduled run already waits. */
  private tick(timer: Timer, time: number): void {
    if (timer.scheduledWaiting) {
      const where = `${logField(timer.functionName)}/${logField(timer.name)}`;
      this.opts.log(`[timer] ${where} skipped ${timerTime(time)}: the previous runs have not finished`);
      return;
    }
    timer.scheduledWaiting = true;
    const run = timer.tail.then(() => {
      timer.scheduledWaiting = false;
      return this.closed ? undefined : this.run(timer, time);
    });
    timer.tail = run.catch(() => undefined);
  }

  private async run(timer: Timer, time: number): Promise<TimerRun> {
    const event: TimerEvent = { Type: 'Timer', TriggerName: timer.name, Time: timerTime(time), Message: '' };
    const result = await this.opts.invoke(timer.functionName, event);
    return { functionName: timer.functionName, triggerName: timer.name, time: event.Time, result };
  }
}

function keyOf(functionName: string, triggerName: string): string {
  return `${functionName}/${triggerName}`;
}
