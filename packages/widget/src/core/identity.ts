import type { Identity } from './host';

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The part of what the page passed to `Sportello('identify', …)` that the server accepts (the
 * protocol's `identitySchema`): trimmed `userId` and `name` of 1–200 characters, an email, and
 * `userHash` as 64 hex digits. Anything else is left out rather than sent, because an invalid
 * identity in the handshake would refuse the whole connection. Undefined when nothing is left.
 */
export function cleanIdentity(identity: Identity | null | undefined): Identity | undefined {
  if (!identity || typeof identity !== 'object') return undefined;
  const out: Identity = {};
  const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v).trim() : '');
  const userId = text(identity.userId);
  const name = text(identity.name);
  const email = text(identity.email);
  const userHash = text(identity.userHash);
  if (userId && userId.length <= 200) out.userId = userId;
  if (name && name.length <= 200) out.name = name;
  if (email.length <= 254 && EMAIL_RE.test(email)) out.email = email;
  if (/^[0-9a-fA-F]{64}$/.test(userHash)) out.userHash = userHash;
  return Object.keys(out).length ? out : undefined;
}
