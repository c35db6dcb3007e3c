import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

/**
 * Bundles every `<root>/<name>/index.ts` into `<root>/<name>/index.js`: one self-contained file per function with
 * `wx-server-sdk` left external (the cloud installs it from the function's package.json), so that the folder is
 * exactly what gets uploaded to CloudBase.
 */
export async function bundleFunctions(root: string): Promise<{ name: string; bytes: number }[]> {
  if (!fs.existsSync(root)) return [];
  const names = fs
    .readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(root, d.name, 'index.ts')))
    .map((d) => d.name);
  return Promise.all(
    names.map(async (name) => {
      const outfile = path.join(root, name, 'index.js');
      await build({
        entryPoints: [path.join(root, name, 'index.ts')],
        outfile,
        bundle: true,
        platform: 'node',
        target: 'node16',
        format: 'cjs',
        external: ['wx-server-sdk'],
        minifyWhitespace: true,
        legalComments: 'none',
        logLevel: 'warning',
      });
      return { name, bytes: fs.statSync(outfile).size };
    }),
  );
}

/** Builds the local cloud's worker and CLI to plain JS (worker threads cannot load TypeScript). */
export async function bundleLocalCloud(): Promise<void> {
  const dir = path.resolve(__dirname, '../local-cloud');
  await build({
    entryPoints: [path.join(dir, 'src/worker.ts'), path.join(dir, 'src/cli.ts')],
    outdir: path.join(dir, 'dist'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    logLevel: 'warning',
  });
}

/**
 * The mini program gets `valibot` (used by the shared schemas) as a CommonJS file in miniprogram_npm/: the package's
 * entry is an ES module (`.mjs`) that DevTools' npm packing does not load, so valibot is a devDependency (DevTools
 * packs only `dependencies`: TDesign, dayjs) and this build step writes it instead.
 */
export async function packMiniprogramValibot(): Promise<number> {
  const outfile = path.resolve(__dirname, '../miniprogram/miniprogram_npm/valibot/index.js');
  await build({
    stdin: { contents: "module.exports = require('valibot');", resolveDir: path.resolve(__dirname, '..') },
    outfile,
    bundle: true,
    platform: 'neutral',
    mainFields: ['main', 'module'],
    conditions: ['require'],
    format: 'cjs',
    target: 'es2017',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  return fs.statSync(outfile).size;
}

/**
 * The chart library of the dashboards (`@qiun/ucharts`, an ES module) as CommonJS inside the `package-stats`
 * subpackage, so that only that subpackage carries it (docs/miniprogram.md, "Charts").
 */
export async function packStatsCharts(): Promise<number> {
  const outfile = path.resolve(__dirname, '../miniprogram/package-stats/vendor/u-charts.js');
  await build({
    stdin: {
      contents: "module.exports = require('@qiun/ucharts/u-charts.min.js').default;",
      resolveDir: path.resolve(__dirname, '..'),
    },
    outfile,
    bundle: true,
    platform: 'neutral',
    format: 'cjs',
    target: 'es2017',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  return fs.statSync(outfile).size;
}
