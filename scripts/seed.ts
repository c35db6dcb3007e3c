/**
 * `npm run seed`: loads the demo community (org tree, service stations, demo personas and their grants) into
 *   - a running local cloud when LOCAL_CLOUD_URL is set (e.g. http://127.0.0.1:3000), signing with the credentials
 *     in its DATA_DIR (default .data) `credentials.json`, or
 *   - a real CloudBase environment: TCB_ENV_ID, TENCENTCLOUD_SECRETID, TENCENTCLOUD_SECRETKEY
 *     (TENCENTCLOUD_REGION optional). Deploy first: CloudBase refuses writes to a collection that does not exist.
 * It only writes into an empty `orgs` collection, so running it twice is harmless.
 */
import path from 'node:path';
import tcb from '@cloudbase/node-sdk';
import { readCredentials } from '../local-cloud/src';
import { seedDemo } from './demo/seed';

type App = ReturnType<typeof tcb.init>;

/**
 * A @cloudbase/node-sdk app for the local cloud (LOCAL_CLOUD_URL; its credentials from DATA_DIR, never the real
 * keys that may be set for a deploy) or for the real environment named in `env`.
 */
export function cloudApp(env: Record<string, string | undefined>): App {
  const local = env.LOCAL_CLOUD_URL?.replace(/\/+$/, '');
  if (local) {
    const { secretId, secretKey } = readCredentials(path.resolve(env.DATA_DIR ?? path.join(__dirname, '..', '.data')));
    return tcb.init({ env: 'local', secretId, secretKey, serviceUrl: `${local}/admin` });
  }
  const missing = ['TCB_ENV_ID', 'TENCENTCLOUD_SECRETID', 'TENCENTCLOUD_SECRETKEY'].filter((k) => !env[k]);
  if (missing.length) {
    throw new Error(`set LOCAL_CLOUD_URL for the local cloud, or ${missing.join(', ')} for a real environment`);
  }
  return tcb.init({
    env: env.TCB_ENV_ID,
    secretId: env.TENCENTCLOUD_SECRETID,
    secretKey: env.TENCENTCLOUD_SECRETKEY,
    ...(env.TENCENTCLOUD_REGION ? { region: env.TENCENTCLOUD_REGION } : {}),
  });
}

async function main(): Promise<void> {
  const target = process.env.LOCAL_CLOUD_URL ? `local cloud ${process.env.LOCAL_CLOUD_URL}` : process.env.TCB_ENV_ID;
  const summary = await seedDemo(cloudApp(process.env));
  if (!summary) {
    console.log(`${target}: orgs is not empty, nothing seeded`);
    return;
  }
  console.log(
    `${target}: seeded ${summary.orgs} orgs, ${summary.stations} service stations, ${summary.personas} personas, ${summary.households} households, ${summary.events} events` +
      (summary.households ? '' : " (set PII_KEY, the functions' key, to seed households and events)"),
  );
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
