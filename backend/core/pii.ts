import crypto from 'node:crypto';
import { requiredSetting, setting } from './settings';

/**
 * Personal fields at rest: AES-256-GCM with a key from PII_KEY (its id stored with each value, so that a key can be
 * rotated: set the new key as PII_KEY and the retired ones, comma-separated, in PII_OLD_KEYS until every value is
 * re-encrypted), and
 * an HMAC of the normalized value for equality search (duplicate detection) without decrypting anything.
 */

interface Key {
  id: string;
  enc: Buffer;
  mac: Buffer;
}

function deriveKey(secret: string): Key {
  const master = crypto.createHash('sha256').update(secret, 'utf8').digest();
  return {
    id: crypto.createHash('sha256').update(master).digest('hex').slice(0, 8),
    enc: crypto.createHmac('sha256', master).update('shiliuzi/pii/enc').digest(),
    mac: crypto.createHmac('sha256', master).update('shiliuzi/pii/mac').digest(),
  };
}

let cache: { current: Key; old: Key[]; source: string } | undefined;

function keys(): { current: Key; old: Key[] } {
  const current = requiredSetting('PII_KEY');
  const old = setting('PII_OLD_KEYS');
  const source = `${current}\u0000${old}`;
  if (cache?.source !== source) {
    cache = { current: deriveKey(current), old: old.split(',').filter(Boolean).map(deriveKey), source };
  }
  return cache;
}

/** `v1.<keyId>.<iv>.<tag>.<ciphertext>`, base64url parts. */
export function encrypt(plain: string): string {
  const { current } = keys();
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', current.enc, iv);
  const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [
    'v1',
    current.id,
    iv.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    ct.toString('base64url'),
  ].join('.');
}

export function decrypt(sealed: string): string {
  const [version, keyId, iv, tag, ct] = sealed.split('.');
  const { current, old } = keys();
  const key = [current, ...old].find((k) => k.id === keyId);
  if (version !== 'v1' || !key) throw new Error(`cannot decrypt a value sealed with key ${keyId}`);
  const decipher = crypto.createDecipheriv('aes-256-gcm', key.enc, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
}

/** Keyed hash for equality search; the same value always hashes the same under the current key. */
export function blindIndex(value: string): string {
  return crypto.createHmac('sha256', keys().current.mac).update(value.trim().toUpperCase()).digest('hex');
}

export function keyIdOf(sealed: string): string {
  return sealed.split('.')[1] ?? '';
}
