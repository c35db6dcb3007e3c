import path from 'node:path';
import { bundleFunctions, bundleLocalCloud, packMiniprogramValibot, packStatsCharts } from './bundle';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..');
  await bundleLocalCloud();
  const fns = await bundleFunctions(path.join(root, 'cloudfunctions'));
  const fixtures = await bundleFunctions(path.join(root, 'local-cloud/test/fixtures/functions'));
  const valibotBytes = await packMiniprogramValibot();
  console.log(`miniprogram/miniprogram_npm/valibot/index.js  ${(valibotBytes / 1024).toFixed(1)} KiB`);
  const chartBytes = await packStatsCharts();
  console.log(`miniprogram/package-stats/vendor/u-charts.js  ${(chartBytes / 1024).toFixed(1)} KiB`);
  for (const f of fns) console.log(`cloudfunctions/${f.name}/index.js  ${(f.bytes / 1024).toFixed(1)} KiB`);
  console.log(`built the local cloud, ${fns.length} functions and ${fixtures.length} test fixtures`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
