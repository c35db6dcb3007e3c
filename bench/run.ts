/**
 * The benchmark: starts a local cloud in this process (loopback, temporary data folder), loads documents, and
 * measures database latency through wx-server-sdk, /fn invocation overhead against /echo, and the database calls
 * each fixture action makes. Prints one table and writes it to bench/results/latest.json.
 *
 * `npm run bench`; BENCH_DOCS=10000 for a quicker, smaller run; BENCH_SECTIONS=events (a comma-separated list of
 * SECTIONS) runs only those sections.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CollectionSpec } from '../local-cloud/src';
import { bundleFunctions } from '../scripts/bundle';
import { loadSdk, startBenchCloud } from './cloud';
import { benchDatabase } from './database';
import { benchEvents } from './events';
import { benchHouseholds } from './households';
import { benchImports } from './imports';
import { benchDbCalls, benchInvocation } from './functions';
import { Results } from './lib';
import { startBenchProject, type BenchProject } from './product';
import { benchRequests } from './requests';
import { benchStats } from './stats';
import { benchSurveys } from './surveys';

const root = path.resolve(__dirname, '..');
const fixtures = path.join(__dirname, 'fixtures');
const functionsDir = path.join(fixtures, 'functions');
const out = path.join(__dirname, 'results', 'latest.json');

/** The sections, in the order they run; the first three share the fixture cloud. */
const SECTIONS = [
  'database',
  'functions',
  'dbcalls',
  'requests',
  'events',
  'households',
  'imports',
  'surveys',
  'stats',
] as const;
type SectionName = (typeof SECTIONS)[number];

function selectedSections(): Set<SectionName> {
  const asked = (process.env.BENCH_SECTIONS ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const unknown = asked.filter((x) => !(SECTIONS as readonly string[]).includes(x));
  if (unknown.length)
    throw new Error(`BENCH_SECTIONS: unknown ${unknown.join(', ')} (sections: ${SECTIONS.join(', ')})`);
  return new Set(asked.length ? (asked as SectionName[]) : SECTIONS);
}

async function main(): Promise<void> {
  const docs = Number(process.env.BENCH_DOCS ?? 100_000);
  if (!Number.isInteger(docs) || docs < 5_000) throw new Error('BENCH_DOCS must be an integer of at least 5000');
  const sections = selectedSections();
  if (!fs.existsSync(path.join(root, 'local-cloud/dist/worker.js'))) {
    throw new Error('local-cloud/dist/worker.js is missing: run `npm run build` first (npm run bench does)');
  }
  const started = performance.now();
  await bundleFunctions(functionsDir);
  const { collections } = JSON.parse(fs.readFileSync(path.join(fixtures, 'collections.json'), 'utf8')) as {
    collections: CollectionSpec[];
  };

  const results = new Results();
  Object.assign(results.config, {
    docs,
    collections: collections.map((c) => c.name),
    sections: [...sections],
  });
  const needsFixtureCloud = ['database', 'functions', 'dbcalls'].some((x) => sections.has(x as SectionName));
  const bench = needsFixtureCloud ? await startBenchCloud(collections, functionsDir) : undefined;
  let benchStopped = false;
  const stopBench = async () => {
    if (benchStopped || !bench) return;
    benchStopped = true;
    await bench.stop();
  };
  const step = async (name: SectionName, run: () => Promise<unknown>) => {
    if (!sections.has(name)) return;
    const t0 = performance.now();
    process.stderr.write(`bench: ${name}...`);
    await run();
    process.stderr.write(` ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  };
  /** A product section on a cloud of its own, alone in this process. */
  const onProject = (name: SectionName, run: (project: BenchProject) => Promise<unknown>) =>
    step(name, async () => {
      const project = await startBenchProject();
      try {
        results.config.pool = project.cloud.pool.limits;
        await run(project);
      } finally {
        await project.stop();
      }
    });
  let mismatches: string[] = [];
  try {
    if (bench) {
      const sdk = await loadSdk(bench.cloud.url, bench.cloud.credentials);
      await step('database', () => benchDatabase(bench.cloud.url, sdk, results, docs));
      await step('functions', () => benchInvocation(bench.cloud.url, results));
      await step('dbcalls', async () => ({ mismatches } = await benchDbCalls(bench.cloud.url, results)));
      results.config.invocationsLogged = bench.logLines();
    }
    // The product sections run on clouds of their own, alone in this process: the fixture cloud's documents (and,
    // for the events burst, the 20,000 requests) would otherwise weigh on the heap every call goes through.
    await stopBench();
    await onProject('requests', (project) => benchRequests(project, results));
    await onProject('events', (project) => benchEvents(project, results));
    await onProject('households', (project) => benchHouseholds(project, results));
    await onProject('imports', (project) => benchImports(project, results));
    await onProject('surveys', (project) => benchSurveys(project, results));
    await onProject('stats', (project) => benchStats(project, results));
    results.config.seconds = Math.round((performance.now() - started) / 100) / 10;

    console.log(results.table());
    results.write(out);
    console.log(`\nwritten to ${path.relative(process.cwd(), out)} in ${results.config.seconds} s`);
    if (mismatches.length) {
      console.error(`db call counts differ from the fixture's: ${mismatches.join('; ')}`);
      process.exitCode = 1;
    }
  } finally {
    await stopBench();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
