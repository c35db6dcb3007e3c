import { env } from '../config/env';
import { currentPersona } from '../config/personas';
import type { ReqOf } from '../shared/api';
import { IMAGE_EXTENSIONS, requestImagePath, VOICE_EXTENSIONS } from '../shared/requests';
import { callCloud } from './cloud';
import { CloudCallError } from './errors';
import { localCloudStorage, wxCloudStorage, type StorageTransport } from './transports/storage';
import { currentMe } from './session';

/** Files a request. The same `clientToken` from the same user returns the first request instead of a new one. */
export const createRequest = (req: ReqOf<'requests', 'create'>) => callCloud('requests', 'create', req);

/** The caller's own requests, newest first, optionally of one status. */
export const listMine = (req: ReqOf<'requests', 'listMine'>) => callCloud('requests', 'listMine', req);

/** How many of the caller's requests are in each status (the 我的诉求 tabs). */
export const myCounts = () => callCloud('requests', 'myCounts', {});

/** One request, for its requester or the grid worker/staff over its org (anyone else: NOT_FOUND). */
export const getRequest = (id: string) => callCloud('requests', 'get', { id });

/** The requests of an org's subtree (grid workers, staff, admins), filtered. */
export const getQueue = (req: ReqOf<'requests', 'queue'>) => callCloud('requests', 'queue', req);

/** Counts per status (and overdue) of an org's subtree: the queue's tabs. */
export const getQueueCounts = (orgId?: string) => callCloud('requests', 'counts', orgId ? { orgId } : {});

/** 首问负责: the first to accept owns it; later ones fail with ALREADY_ACCEPTED. */
export const acceptRequest = (id: string) => callCloud('requests', 'accept', { id });

export const replyRequest = (id: string, text: string) => callCloud('requests', 'reply', { id, text });

export const resolveRequest = (id: string, resolution: string) => callCloud('requests', 'resolve', { id, resolution });

export const rateRequest = (req: ReqOf<'requests', 'rate'>) => callCloud('requests', 'rate', req);

export const withdrawRequest = (id: string) => callCloud('requests', 'withdraw', { id });

/** Hands the request to another community or grid, back to 待受理 there; the reason stays in the timeline. */
export const transferRequest = (req: ReqOf<'requests', 'transfer'>) => callCloud('requests', 'transfer', req);

/** The requester's full phone number, for the assignee or staff, with a reason (audited). */
export const revealContact = (id: string, reason: string) => callCloud('requests', 'revealContact', { id, reason });

/** The month's mediation ledger (矛盾纠纷排查台账) of an org's subtree, newest request first: staff and admins. */
export const listMediations = (req: ReqOf<'requests', 'mediations'>) => callCloud('requests', 'mediations', req);

/** The month's mediation ledger as an .xlsx (audited). */
export const exportMediations = (orgId: string, month: string) =>
  callCloud('requests', 'exportMediations', { orgId, month });

const TOKEN_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random id of one filled-in form: a double tap or a retry sends the same one, and the cloud keeps one request. */
export function newClientToken(): string {
  let token = Date.now().toString(36);
  while (token.length < 24) token += TOKEN_CHARS[Math.floor(Math.random() * TOKEN_CHARS.length)];
  return token;
}

/** The storage of the current mode (the cloud's, or the local cloud's); also used by the ledger import. */
export function storage(): StorageTransport {
  return env.mode === 'cloud' ? wxCloudStorage : localCloudStorage;
}

/**
 * The caller's openid, which names their storage folder. Locally it is the chosen persona; in the cloud WeChat keeps
 * it from the client, so it comes from `users.me` (cached for the session).
 */
export async function myOpenid(): Promise<string> {
  if (env.mode !== 'cloud') return currentPersona();
  return (await currentMe()).openid;
}

/** The image type of a chosen file, from its temp path; undefined for types the cloud refuses. */
export function imageExtension(filePath: string): string | undefined {
  const ext = /\.([A-Za-z0-9]+)$/.exec(filePath)?.[1]?.toLowerCase();
  return ext && (IMAGE_EXTENSIONS as readonly string[]).includes(ext) ? ext : undefined;
}

/** URLs to show request photos ('' where none is available: locally, see transports/storage.ts). */
export const requestImageUrls = (fileIds: string[]) => storage().tempUrls(fileIds);

/**
 * Uploads a recorded voice note into the caller's own folder, as `create` requires (`voice`, with the recorder's
 * `voiceSeconds`); resolves with its fileID.
 */
export async function uploadRequestVoice(filePath: string): Promise<string> {
  const ext = /\.([A-Za-z0-9]+)$/.exec(filePath)?.[1]?.toLowerCase() ?? 'aac';
  if (!(VOICE_EXTENSIONS as readonly string[]).includes(ext))
    throw new CloudCallError('INVALID_ARGUMENT', '语音格式不支持');
  const name = `${Date.now().toString(36)}-${newClientToken().slice(-8)}.${ext}`;
  return storage().upload(requestImagePath(await myOpenid(), name), filePath, () => undefined);
}

/** The owner or staff records a mediation request's ledger entry (parties, agreement, ethnic dimension, follow-up). */
export const recordMediation = (req: ReqOf<'requests', 'mediation'>) => callCloud('requests', 'mediation', req);
