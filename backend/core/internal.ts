import crypto from 'node:crypto';
import { cloud } from './cloud';
import { denied } from './errors';
import { requiredSetting } from './settings';

/**
 * Calls from one of our functions to another (e.g. `events` → `exports`). A mini program could call any function
 * by name, so the callee accepts only requests signed with a key derived from PII_KEY, which every function has
 * and no client ever sees. A signature covers the callee's name and the whole body, and expires after a minute.
 */
const TTL_MS = 60_000;

function key(): Buffer {
  return crypto.createHmac('sha256', requiredSetting('PII_KEY')).update('shiliuzi/internal-call').digest();
}

const sign = (name: string, body: string) => crypto.createHmac('sha256', key()).update(`${name}\n${body}`).digest();

/** Calls function `name` with a signed payload and returns its `data` (its error becomes a thrown Error). */
export async function callInternal<T>(name: string, payload: Record<string, unknown>): Promise<T> {
  const body = JSON.stringify({ ...payload, exp: Date.now() + TTL_MS });
  const res = (await cloud.callFunction({ name, data: { body, sig: sign(name, body).toString('base64url') } })) as {
    result?: { ok?: boolean; data?: T; error?: { code?: string; message?: string } };
  };
  if (!res.result?.ok) throw new Error(`${name} failed: ${res.result?.error?.code ?? 'no answer'}`);
  return res.result.data as T;
}

/** The payload of a signed call to function `name`; anything unsigned, forged or expired is PERMISSION_DENIED. */
export function openInternal<T>(name: string, event: Record<string, unknown>): T {
  const { body, sig } = event ?? {};
  if (typeof body !== 'string' || typeof sig !== 'string') throw denied('仅供内部调用');
  const given = Buffer.from(sig, 'base64url');
  const expected = sign(name, body);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) throw denied('仅供内部调用');
  const payload = JSON.parse(body) as T & { exp?: number };
  if (typeof payload.exp !== 'number' || payload.exp < Date.now()) throw denied('内部调用已过期');
  return payload;
}
