/**
 * Test environment of the page tests: jsdom (for miniprogram-simulate) plus one local cloud per test file, started
 * here, outside the sandbox, where Node packages load as they do under `npm start` (inside a jsdom sandbox they
 * would pick their browser builds). The sandbox only sees the cloud's URL as `__LOCAL_CLOUD_URL__`, plus
 * `__CLOSED_URL__`, an address where nothing listens (to test network errors).
 */
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const { TestEnvironment } = require('jest-environment-jsdom');
// A TypeScript module: jest transforms it while it loads this environment.
const { startProject } = require('../../../scripts/start');

const ROOT = path.resolve(__dirname, '../../..');

/** A local port that was free a moment ago and on which nothing listens now. */
function closedPort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Seeding goes through @cloudbase/node-sdk, which looks up the cloud metadata host on every call unless it believes
 * it runs in a cloud function. Offline each lookup hangs for seconds and keeps the worker alive after the tests.
 */
async function withoutMetadataProbe(fn) {
  const vars = { TENCENTCLOUD_RUNENV: 'SCF', SCF_NAMESPACE: 'local', TENCENTCLOUD_REGION: 'ap-shanghai' };
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

class PagesEnvironment extends TestEnvironment {
  async setup() {
    await super.setup();
    for (const fn of ['users', 'orgs', 'qr']) {
      if (!fs.existsSync(path.join(ROOT, 'cloudfunctions', fn, 'index.js'))) {
        throw new Error(`cloudfunctions/${fn}/index.js is missing: run \`npm run build\` first (npm test does)`);
      }
    }
    this.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shiliuzi-pages-'));
    const { cloud } = await withoutMetadataProbe(() =>
      startProject({ port: 0, dataDir: this.dataDir, seed: true, timers: false, log: () => {} }),
    );
    this.cloud = cloud;
    this.global.__LOCAL_CLOUD_URL__ = cloud.url;
    this.global.__CLOSED_URL__ = `http://127.0.0.1:${await closedPort()}`;
  }

  async teardown() {
    try {
      if (this.cloud) await this.cloud.close();
      if (this.dataDir) fs.rmSync(this.dataDir, { recursive: true, force: true });
    } finally {
      await super.teardown();
    }
  }
}

module.exports = PagesEnvironment;
