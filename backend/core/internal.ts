import crypto from 'node:crypto';
import { cloud } from './cloud';
import { denied } from './errors';
import { requiredSetting } from './settings';
import { actAsTarget, internalKey, signBody } from './signing';

/**
 * Calls from one of our functions to another (e.g. `events` → `exports`). A mini program could call any function
 * by name, so the callee accepts only requests signed with a key derived from PII_KEY, which every function has
 * and no client ever sees. A signature covers the callee's name and the whole body, and expires after a minute.
 */
const TTL_MS = 60_000;

const key = () => internalKey(requiredSetting('PII_KEY'));
const sign = (target: string, body: string) => signBody(key(), target, body);

/** Calls function `name` with a signed payload and returns its `data` (its error becomes a thrown Error). */
export async function callInternal<T>(name: string, payload: Record<string, unknown>): Promise<T> {
  const body = JSON.stringify({ ...payload, exp: Date.now() + TTL_MS });
  const res = (await cloud.callFunction({ name, data: { body, sig: sign(name, body).toString('base64url') } })) as {
    result?: { ok?: boolean; data?: T; error?: { code?: string; message?: string } };
  };
  if (!res.result?.ok) throw new Error(`${name} failed: ${res.result?.error?.code ?? 'no answer'}`);
  return res.result.data as T;
}

/** The payload of a signed call to `name`; anything unsigned, forged or expired is PERMISSION_DENIED. */
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

/** A call with `{ body, sig }` and no action: signed, by a function or by operator tooling. */
export function isSignedCall(event: Record<string, unknown> | undefined): boolean {
  return typeof event?.body === 'string' && typeof event?.sig === 'string' && event?.action === undefined;
}

/**
 * A call to function `fn` signed to act as a user (`signedActAs` in signing.ts: the demo seed sets the demo
 * community up through the same actions the screens call): the user's openid and the action's event. Forged or
 * expired: PERMISSION_DENIED.
 */
export function openActAs(
  fn: string,
  event: Record<string, unknown>,
): { openid: string; event: Record<string, unknown> } {
  const { actAs, exp: _exp, ...rest } = openInternal<Record<string, unknown>>(actAsTarget(fn), event);
  if (typeof actAs !== 'string' || !actAs) throw denied('仅供内部调用');
  return { openid: actAs, event: rest };
}
