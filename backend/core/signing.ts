import crypto from 'node:crypto';

/**
 * Signatures of calls that come from our own side rather than from a mini program: one function calling another
 * (`internal.ts`), and operator tooling acting as a named user (the demo seed, `actAsTarget`). The key derives from
 * PII_KEY, which the functions and the operator hold and no client ever sees. Kept free of the SDK, so that scripts
 * outside the functions can sign too.
 */
export function internalKey(piiKey: string): Buffer {
  return crypto.createHmac('sha256', piiKey).update('shiliuzi/internal-call').digest();
}

/** The signature of `body` for `target` (a function's name, or `actAsTarget(fn)`). */
export function signBody(key: Buffer, target: string, body: string): Buffer {
  return crypto.createHmac('sha256', key).update(`${target}\n${body}`).digest();
}

/**
 * What a call acting as a user of function `fn` is signed for: distinct from the function's own name, so that a
 * signed function-to-function body can never be replayed as a user's action.
 */
export function actAsTarget(fn: string): string {
  return `act-as:${fn}`;
}

/** A signed call to function `fn` acting as `openid`: `{ body, sig }` for `callFunction`'s data. */
export function signedActAs(
  piiKey: string,
  fn: string,
  openid: string,
  action: string,
  params: Record<string, unknown>,
  ttlMs = 60_000,
): { body: string; sig: string } {
  const body = JSON.stringify({ ...params, action, actAs: openid, exp: Date.now() + ttlMs });
  return { body, sig: signBody(internalKey(piiKey), actAsTarget(fn), body).toString('base64url') };
}
