/**
 * `npm run check:mp`: compiles the mini program with WeChat's own tooling, offline, and exits non-zero on any error.
 * `npm run check:mp -- --keep` keeps the work folder (staged project, compile result) and prints where it is.
 * See docs/devtools.md, "Checking with WeChat's compiler".
 */
import path from 'node:path';
import { checkMiniprogram, formatReport } from './check-mp/index';

async function main(): Promise<void> {
  const result = await checkMiniprogram({
    projectRoot: path.resolve(__dirname, '..'),
    log: (line) => console.log(line),
    keepWorkDir: process.argv.includes('--keep'),
  });
  console.log(formatReport(result));
  if (result.errors.length > 0) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
