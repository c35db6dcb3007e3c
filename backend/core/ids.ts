import crypto from 'node:crypto';

/**
 * An opaque QR scene token: 16 URL-safe characters (96 random bits), well inside the 32-character `scene`
 * limit of wxacode.getUnlimited, and never derived from a database id.
 */
export function newSceneToken(): string {
  return crypto.randomBytes(12).toString('base64url');
}

/** A single-use code (invites, check-in): 20 URL-safe characters. */
export function newCode(): string {
  return crypto.randomBytes(15).toString('base64url');
}
