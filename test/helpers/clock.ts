import type { TestProject } from './project';

/** POSTs to a locked route of the local cloud (`/clock`, `/triggers/...`) with its secretKey, as the console would. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test asserts the shape it reads
type Loose = any;

export async function locked(
  p: TestProject,
  route: string,
  body: unknown = {},
): Promise<{ status: number; json: Loose }> {
  const res = await fetch(`${p.cloud.url}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${p.cloud.credentials.secretKey}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

/** Shifts the clock the functions see so that their "now" is `at`; `setClockTo(p)` resets it. */
export async function setClockTo(p: TestProject, at?: Date): Promise<void> {
  const { status } = await locked(p, '/clock', { offsetMs: at ? at.getTime() - Date.now() : 0 });
  if (status !== 200) throw new Error(`POST /clock answered ${status}`);
}

/** Fires a timer trigger of a function's config.json now and returns the run's envelope. */
export async function fireTimer(p: TestProject, fn: string, trigger: string) {
  const { status, json } = await locked(p, `/triggers/${fn}/${trigger}`);
  if (status !== 200) throw new Error(`POST /triggers/${fn}/${trigger} answered ${status}: ${JSON.stringify(json)}`);
  return json;
}

/** Uploads to the caller's own folder of storage, as the mini program does, and returns the fileID. */
export async function uploadAs(p: TestProject, openid: string, folder: string, name: string, body: Buffer) {
  const res = await fetch(`${p.cloud.url}/storage/client/${folder}/${openid}/${name}`, {
    method: 'PUT',
    headers: { 'x-wx-openid': openid },
    body,
  });
  return ((await res.json()) as { fileID: string }).fileID;
}
