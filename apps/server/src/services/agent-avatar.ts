import { createHash } from 'node:crypto';
import { AppError } from '../app-error';

export type AvatarType = 'image/png' | 'image/jpeg' | 'image/webp';

/** At most this many bytes: the console sends a 96×96 picture it drew itself (a few KB). */
export const AVATAR_MAX_BYTES = 64 * 1024;

/**
 * The type of an accepted image, by how its bytes begin and end: a PNG's signature and its last
 * chunk `IEND`; a JPEG's start and end markers; a WebP's `RIFF` whose size is the file's. Not a
 * decoder, but nothing else (an SVG, HTML, an archive, an image with a file appended) passes.
 */
function sniff(bytes: Buffer): AvatarType | null {
  const n = bytes.length;
  if (n >= 20 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) && bytes.toString('latin1', n - 8, n - 4) === 'IEND') return 'image/png';
  if (n >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff && bytes[n - 2] === 0xff && bytes[n - 1] === 0xd9) return 'image/jpeg';
  if (n >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP' && bytes.readUInt32LE(4) === n - 8) return 'image/webp';
  return null;
}

/**
 * Checks an agent's new picture: base64 of a PNG, JPEG or WebP of at most 64 KB whose bytes are
 * what its type says (an SVG, an HTML page or anything else named `image/png` is refused). It is
 * served from Sportello's origin with its sniffed type, `nosniff` and a CSP that runs nothing.
 */
export function checkAvatar(input: { type: string; data: string }): { type: AvatarType; data: string; version: string } {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(input.data)) throw new AppError('VALIDATION_FAILED', 'avatar.data: not base64.');
  const bytes = Buffer.from(input.data, 'base64');
  if (bytes.length === 0) throw new AppError('VALIDATION_FAILED', 'avatar.data: empty.');
  if (bytes.length > AVATAR_MAX_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', `The picture is ${Math.ceil(bytes.length / 1024)} KB; at most ${AVATAR_MAX_BYTES / 1024} KB.`);
  const type = sniff(bytes);
  if (!type || type !== input.type) throw new AppError('VALIDATION_FAILED', 'The picture must be a PNG, JPEG or WebP image (its bytes say otherwise).');
  return { type, data: bytes.toString('base64'), version: createHash('sha256').update(bytes).digest('hex').slice(0, 16) };
}

/** Where shoppers' browsers and the console load an agent's picture (the version busts caches). */
export const avatarPath = (agentId: string, version: string) => `/api/v1/widget/avatars/${agentId}/${version}`;
