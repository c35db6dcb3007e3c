import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LEDGER_HEADERS } from '../backend/imports/ledger';
import { ledgerFile, ledgerRows } from '../scripts/demo/ledger';
import { measure, summarize, type Results } from './lib';
import type { BenchProject } from './product';

/**
 * A 5,000-row ledger (the largest the function takes at once) imported into the grid worker's grid through /fn
 * with the real `imports` function, as the page does it: the client upload, `preview`, then `commit` repeated
 * until `remaining` is 0, each call stopping before the function's time limit.
 */

const ROWS = 5000;
const WORKER = 'demo-grid-worker';
const GRID = '第一网格（金色年华小区）';

interface Preview {
  importId: string;
  rows: number;
  households: number;
  valid: number;
}

interface Commit {
  households: number;
  members: number;
  remaining: number;
}

/**
 * The generator draws doors at random, and 5,000 rows in one 小区 would put some households behind the same door,
 * where they would be refused together (too many members, two housing types): each household gets a door of its own.
 */
function ownDoors(rows: string[][]): string[][] {
  let household = 0;
  return rows.map((row) => {
    if (row[LEDGER_HEADERS.indexOf('与户主关系')] === '户主') household++;
    const copy = [...row];
    copy[LEDGER_HEADERS.indexOf('门牌')] = String(household);
    return copy;
  });
}

/** `PUT /storage/client/imports/<openid>/<name>`, as the mini program uploads in local mode; the fileID. */
async function upload(project: BenchProject, name: string, body: Buffer): Promise<string> {
  const res = await fetch(`${project.cloud.url}/storage/client/imports/${WORKER}/${encodeURIComponent(name)}`, {
    method: 'PUT',
    headers: { 'x-wx-openid': WORKER, 'content-type': 'application/octet-stream' },
    body,
  });
  if (res.status !== 200) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { fileID: string }).fileID;
}

/** The function's time limit (its config.json), which bounds each commit call. */
function timeoutSeconds(): number {
  const config = path.resolve(__dirname, '../cloudfunctions/imports/config.json');
  return (JSON.parse(fs.readFileSync(config, 'utf8')) as { timeout: number }).timeout;
}

export async function benchImports(project: BenchProject, results: Results): Promise<void> {
  const section = results.section(`imports: a ${ROWS.toLocaleString('en')}-row ledger, preview then commit`);
  const gridId = project.orgIdByName(GRID);
  const rows = ownDoors(ledgerRows({ rows: ROWS, seed: 2026, series: 77, estate: '基准导入小区' }));
  const content = ledgerFile(rows);
  section.value('ledger file', `${(content.length / 1024).toFixed(0)} KiB`, `${ROWS} rows, scripts/demo/ledger.ts`);

  // Each preview reads the same upload again and writes an import record of its own; the last one is committed.
  const fileID = await upload(project, `ledger-${ROWS}.xlsx`, content);
  let preview: Preview | undefined;
  let previewDbCalls = 0;
  section.timing(
    await measure(
      `imports.preview: ${ROWS} rows`,
      async () => {
        const res = await project.call<Preview>(WORKER, 'imports', 'preview', { gridId, fileID });
        preview = res.data;
        previewDbCalls = res.dbCalls;
      },
      { iterations: 3, warmup: 1 },
    ),
    'read, checked, duplicates looked up; the warm-up call meets a cold instance',
  );
  const { importId, households, valid } = preview!;
  section.value('households in the ledger', households, `${valid} valid rows of ${preview!.rows}`);
  section.value(
    'preview: database calls',
    previewDbCalls,
    `${(previewDbCalls / households).toFixed(2)} per household (x-db-calls)`,
  );

  const samples: number[] = [];
  let commitDbCalls = 0;
  let last: Commit = { households: 0, members: 0, remaining: households };
  const started = performance.now();
  while (last.remaining > 0) {
    const t0 = performance.now();
    const res = await project.call<Commit>(WORKER, 'imports', 'commit', { importId });
    samples.push(performance.now() - t0);
    commitDbCalls += res.dbCalls;
    if (res.data.households <= last.households) throw new Error(`commit made no progress: ${JSON.stringify(res.data)}`);
    last = res.data;
  }
  const totalMs = performance.now() - started;
  section.timing(
    summarize('imports.commit: one call', samples, totalMs),
    `n = calls until remaining is 0; each stops 8 s before its ${timeoutSeconds()} s limit`,
  );
  section.value('commit: whole import', `${(totalMs / 1000).toFixed(1)} s`, `${households} households`);
  section.value('commit calls needed', samples.length, `each within the function's ${timeoutSeconds()} s limit`);
  section.value('households written', last.households, `${last.members} members`, households);
  section.value(
    'commit: database calls per household',
    Number((commitDbCalls / households).toFixed(2)),
    `${commitDbCalls} in all (x-db-calls)`,
  );
  section.value('households per second', Math.round((households * 1000) / totalMs));
}
