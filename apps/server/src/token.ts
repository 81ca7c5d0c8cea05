import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random URL-safe token with 256 bits of entropy. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * What the database keeps instead of a token: HMAC-SHA256 under the server's pepper
 * (`SESSION_SECRET`), so a leaked table opens no session and no visitor's chat.
 */
export function hashToken(token: string, pepper: string): string {
  return createHmac('sha256', pepper).update(token).digest('base64url');
}

/** Constant-time comparison of two strings (false when lengths differ). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
