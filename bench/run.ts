/**
 * The benchmark: starts a local cloud in this process (loopback, temporary data folder), loads documents, and
 * measures database latency through wx-server-sdk, /fn invocation overhead against /echo, and the database calls
 * each fixture action makes. Prints one table and writes it to bench/results/latest.json.
 *
 * `npm run bench`; BENCH_DOCS=10000 for a quicker, smaller run.
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
import { benchDbCalls, benchInvocation } from './functions';
import { Results } from './lib';
import { startBenchProject } from './product';
import { benchRequests } from './requests';

const root = path.resolve(__dirname, '..');
const fixtures = path.join(__dirname, 'fixtures');
const functionsDir = path.join(fixtures, 'functions');
const out = path.join(__dirname, 'results', 'latest.json');

async function main(): Promise<void> {
  const docs = Number(process.env.BENCH_DOCS ?? 100_000);
  if (!Number.isInteger(docs) || docs < 5_000) throw new Error('BENCH_DOCS must be an integer of at least 5000');
  if (!fs.existsSync(path.join(root, 'local-cloud/dist/worker.js'))) {
    throw new Error('local-cloud/dist/worker.js is missing: run `npm run build` first (npm run bench does)');
  }
  const started = performance.now();
  await bundleFunctions(functionsDir);
  const { collections } = JSON.parse(fs.readFileSync(path.join(fixtures, 'collections.json'), 'utf8')) as {
    collections: CollectionSpec[];
  };

  const results = new Results();
  Object.assign(results.config, { docs, collections: collections.map((c) => c.name) });
  const bench = await startBenchCloud(collections, functionsDir);
  let benchStopped = false;
  const stopBench = async () => {
    if (benchStopped) return;
    benchStopped = true;
    await bench.stop();
  };
  try {
    const sdk = await loadSdk(bench.cloud.url);
    const step = async (name: string, run: () => Promise<unknown>) => {
      const t0 = performance.now();
      process.stderr.write(`bench: ${name}...`);
      await run();
      process.stderr.write(` ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    };
    await step('database', () => benchDatabase(bench.cloud.url, sdk, results, docs));
    await step('/fn against /echo', () => benchInvocation(bench.cloud.url, results));
    let mismatches: string[] = [];
    await step('db calls per action', async () => ({ mismatches } = await benchDbCalls(bench.cloud.url, results)));
    results.config.invocationsLogged = bench.logLines();
    // The product sections run on clouds of their own, alone in this process: the fixture cloud's documents (and,
    // for the events burst, the 20,000 requests) would otherwise weigh on the heap every call goes through.
    await stopBench();
    const project = await startBenchProject();
    try {
      await step('service requests', () => benchRequests(project, results));
    } finally {
      await project.stop();
    }
    const eventsProject = await startBenchProject();
    try {
      await step('events burst', () => benchEvents(eventsProject, results));
    } finally {
      await eventsProject.stop();
    }
    const registryProject = await startBenchProject();
    try {
      await step('grid registry', () => benchHouseholds(registryProject, results));
    } finally {
      await registryProject.stop();
    }
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
