import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

/** How long to run one measurement: a fixed number of iterations, cut short by an optional time budget. */
export interface MeasureOptions {
  iterations: number;
  /** Untimed calls first (JIT, connection, worker start). */
  warmup?: number;
  /** Stop early once this many milliseconds of timed work have passed (at least `minIterations` still run). */
  maxMs?: number;
  minIterations?: number;
  /** Calls in flight at once; latency is still per call, ops/s is calls over wall time. */
  concurrency?: number;
}

export interface Stats {
  name: string;
  iterations: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  /** Completed calls per second of wall time (for a side-by-side run: per second spent on this entry). */
  opsPerSec: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Stats of latency samples already taken; ops/s is over `wallMs` (by default the sum of the samples). */
export function summarize(name: string, samples: number[], wallMs = samples.reduce((a, b) => a + b, 0)): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const total = samples.reduce((a, b) => a + b, 0);
  return {
    name,
    iterations: samples.length,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    meanMs: samples.length ? total / samples.length : NaN,
    opsPerSec: wallMs > 0 ? (samples.length * 1000) / wallMs : NaN,
  };
}

/** Times `fn` (given the iteration number) `iterations` times and returns its p50/p99 latency and ops/s. */
export async function measure(name: string, fn: (i: number) => Promise<unknown>, opts: MeasureOptions): Promise<Stats> {
  const warmup = opts.warmup ?? Math.min(10, Math.ceil(opts.iterations / 10));
  for (let i = 0; i < warmup; i++) await fn(i);
  const concurrency = Math.max(1, opts.concurrency ?? 1);
  const minIterations = Math.min(opts.iterations, opts.minIterations ?? 5);
  const samples: number[] = [];
  let next = 0;
  const started = performance.now();
  const lane = async (): Promise<void> => {
    while (next < opts.iterations) {
      if (opts.maxMs !== undefined && next >= minIterations && performance.now() - started > opts.maxMs) return;
      const i = next++;
      const t0 = performance.now();
      await fn(warmup + i);
      samples.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return summarize(name, samples, performance.now() - started);
}

export interface Contender {
  name: string;
  fn: (i: number) => Promise<unknown>;
}

/**
 * Measures several calls side by side: every round runs each contender once, in an order that rotates from round
 * to round, so that noise on a shared machine (GC, other tenants, CPU frequency) lands on all of them equally.
 */
export async function measureSideBySide(contenders: Contender[], opts: MeasureOptions): Promise<Stats[]> {
  const warmup = opts.warmup ?? Math.min(10, Math.ceil(opts.iterations / 10));
  for (let i = 0; i < warmup; i++) for (const c of contenders) await c.fn(i);
  const minIterations = Math.min(opts.iterations, opts.minIterations ?? 5);
  const samples = contenders.map(() => [] as number[]);
  const started = performance.now();
  for (let round = 0; round < opts.iterations; round++) {
    if (opts.maxMs !== undefined && round >= minIterations && performance.now() - started > opts.maxMs) break;
    for (let k = 0; k < contenders.length; k++) {
      const j = (round + k) % contenders.length;
      const t0 = performance.now();
      await contenders[j].fn(warmup + round);
      samples[j].push(performance.now() - t0);
    }
  }
  return contenders.map((c, j) => {
    const spent = samples[j].reduce((a, b) => a + b, 0);
    return summarize(c.name, samples[j], spent);
  });
}

/** One line of the table. Timing rows carry latency; ratio rows compare two timing rows; value rows carry a count. */
export interface Row {
  name: string;
  iterations?: number;
  p50Ms?: number;
  p99Ms?: number;
  opsPerSec?: number;
  /** `other / base` of p50 and p99, for ratio rows. */
  ratio?: { p50: number; p99: number };
  value?: number | string;
  expected?: number | string;
  note?: string;
}

export class Section {
  readonly rows: Row[] = [];

  constructor(readonly title: string) {}

  /** Adds a timing row (with a value beside it, if given). */
  timing(stats: Stats, note?: string, extra: Pick<Row, 'value' | 'expected'> = {}): Stats {
    const { name, iterations, p50Ms, p99Ms, opsPerSec } = stats;
    this.rows.push({
      name,
      iterations,
      p50Ms: round(p50Ms),
      p99Ms: round(p99Ms),
      opsPerSec: round(opsPerSec),
      ...extra,
      note,
    });
    return stats;
  }

  /** Adds a ratio row: how many times slower `other` is than `base` (both measured in this run). */
  ratio(name: string, base: Stats, other: Stats, note?: string): void {
    this.rows.push({
      name,
      ratio: { p50: round(other.p50Ms / base.p50Ms), p99: round(other.p99Ms / base.p99Ms) },
      note,
    });
  }

  /** Adds a plain value row (a count, a size), optionally with the value it should have. */
  value(name: string, value: number | string, note?: string, expected?: number | string): void {
    this.rows.push({ name, value, expected, note });
  }
}

/** Collects sections of rows, prints them as one table and writes them as JSON. */
export class Results {
  readonly sections: Section[] = [];
  readonly config: Record<string, unknown> = {};
  private readonly startedAt = new Date();

  section(title: string): Section {
    const s = new Section(title);
    this.sections.push(s);
    return s;
  }

  toJSON(): Record<string, unknown> {
    return {
      startedAt: this.startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      node: process.version,
      platform: `${os.platform()} ${os.arch()}`,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      config: this.config,
      sections: this.sections.map((s) => ({ title: s.title, rows: s.rows })),
    };
  }

  write(file: string): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(this.toJSON(), null, 2) + '\n');
  }

  table(): string {
    const header = ['row', 'n', 'p50 ms', 'p99 ms', 'ops/s', 'ratio / value', 'note'];
    const lines: string[][] = [];
    const sectionAt = new Map<number, string>();
    for (const s of this.sections) {
      sectionAt.set(lines.length, s.title);
      for (const r of s.rows) lines.push(formatRow(r));
    }
    const widths = header.map((h, c) => Math.max(h.length, ...lines.map((l) => l[c].length)));
    const fmt = (cells: string[]) =>
      cells
        .map((cell, c) => (c === 0 || c >= 5 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
        .join('  ')
        .trimEnd();
    const out = [fmt(header), widths.map((w) => '-'.repeat(w)).join('  ')];
    lines.forEach((l, i) => {
      const title = sectionAt.get(i);
      if (title) out.push(`[${title}]`);
      out.push(fmt(l));
    });
    return out.join('\n');
  }
}

function formatRow(r: Row): string[] {
  let value = '';
  if (r.ratio) value = `×${fixed(r.ratio.p50)} p50, ×${fixed(r.ratio.p99)} p99`;
  else if (r.value !== undefined)
    value = r.expected === undefined ? String(r.value) : `${r.value} (expect ${r.expected})`;
  return [
    '  ' + r.name,
    r.iterations === undefined ? '' : String(r.iterations),
    r.p50Ms === undefined ? '' : fixed(r.p50Ms),
    r.p99Ms === undefined ? '' : fixed(r.p99Ms),
    r.opsPerSec === undefined ? '' : fixed(r.opsPerSec),
    value,
    r.note ?? '',
  ];
}

function fixed(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 100) return n.toFixed(0);
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

function round(n: number): number {
  return Number.isFinite(n) ? Math.round(n * 1000) / 1000 : n;
}
