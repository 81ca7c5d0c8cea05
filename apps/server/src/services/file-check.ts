import { fileTypeFromBuffer, supportedExtensions } from 'file-type';
import { inflateSync, constants as zlibConstants } from 'node:zlib';
import sharp, { type Metadata } from 'sharp';
import { LIMITS, type FileKind } from '@sportello/protocol';
import { AppError } from '../app-error';

/** A file that passed the checks, as it will be stored and served. */
export interface CheckedFile {
  bytes: Buffer;
  /** Cleaned, with the extension of `type`. */
  name: string;
  type: string;
  width: number | null;
  height: number | null;
}

/** What each accepted type is, the names it goes by, and what it is stored as. */
const ACCEPTED: Record<string, { kind: FileKind; extensions: string[]; storedAs: string }> = {
  'image/jpeg': { kind: 'image', extensions: ['jpg', 'jpeg', 'jpe', 'jfif'], storedAs: 'image/jpeg' },
  'image/png': { kind: 'image', extensions: ['png'], storedAs: 'image/png' },
  'image/webp': { kind: 'image', extensions: ['webp'], storedAs: 'image/webp' },
  // A GIF becomes a PNG of its first frame: a photo of a parcel needs no animation.
  'image/gif': { kind: 'image', extensions: ['gif'], storedAs: 'image/png' },
  'application/pdf': { kind: 'pdf', extensions: ['pdf'], storedAs: 'application/pdf' },
};
const MARKUP_TYPES = new Set(['xml', 'html', 'svg']);
const EXTENSION_OF: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'application/pdf': 'pdf' };

/**
 * Extensions that name a type: a file called one of these must be that type. Those file-type
 * detects, and the text formats it cannot (markup and scripts above all).
 */
const TYPED_EXTENSIONS = new Set<string>([
  ...supportedExtensions,
  ...['svg', 'svgz', 'html', 'htm', 'xhtml', 'shtml', 'xml', 'xsl', 'js', 'mjs', 'cjs', 'css', 'php', 'phtml', 'txt', 'csv', 'json', 'md', 'rtf', 'sh', 'bat', 'cmd', 'ps1', 'vbs', 'hta', 'jar', 'apk', 'msi', 'dmg', 'iso', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'odt', 'heic', 'heif', 'avif'],
]);

/**
 * Pixels a photo may have once decoded (a 48-megapixel phone's largest): a "decompression bomb"
 * (a few kilobytes that claim 50,000 × 50,000 pixels) is refused from its header, before decoding.
 */
export const MAX_PIXELS = 50_000_000;
/** The longest side a stored photo keeps: enough to see a scratch, a tenth of a phone's bytes. */
const MAX_SIDE = 2560;

/**
 * Markup and script where a photo or a PDF has none: a file that is also an HTML page, an SVG or
 * a script (a "polyglot", valid as two types at once) is refused, whatever a browser would make
 * of it. Read on the raw bytes, case-insensitive; an ordinary photo or PDF does not hold these.
 */
const MARKUP = /<(?:script|html|svg|iframe|object|embed|body|!doctype|\?php|meta\s+http-equiv)[\s/>]/i;
/** PDF features that run or carry something: scripts, launched programs, embedded files, forms. */
const PDF_ACTIVE = /\/(?:JavaScript|JS|Launch|EmbeddedFiles?|RichMedia|XFA|SubmitForm|ImportData)\b/;
/** A ZIP's end-of-central-directory record: an image or PDF with an archive after it (GIFAR and kin). */
const ZIP_END = Buffer.from([0x50, 0x4b, 0x05, 0x06]);

/**
 * The gate every uploaded file passes before anything is stored. The type is what the bytes are
 * (never the name or the browser's word), of the kinds the site accepts; a name whose extension
 * says another type is refused (`invoice.pdf` that is a PNG, `photo.jpg` that is an SVG); photos
 * are decoded and re-encoded, which drops EXIF, GPS and any other metadata and whatever bytes hid
 * around the picture; PDFs are kept as they are, so those that can run anything are refused.
 */
export async function checkFile(input: Buffer, rawName: string, kinds: readonly FileKind[]): Promise<CheckedFile> {
  const name = cleanName(rawName);
  const sniffed = await fileTypeFromBuffer(input);
  const accepted = sniffed ? ACCEPTED[sniffed.mime] : undefined;
  if (!sniffed || !accepted) {
    const what = (sniffed && MARKUP_TYPES.has(sniffed.ext)) || (!sniffed && looksLikeMarkup(input)) ? 'markup (HTML, SVG or XML), which could run in a browser' : sniffed ? `a ${sniffed.ext.toUpperCase()} file` : 'not a file type this chat knows';
    throw new AppError('FILE_TYPE_NOT_ALLOWED', `"${name}" is ${what}. ${acceptedKinds(kinds)}`);
  }
  if (!kinds.includes(accepted.kind)) throw new AppError('FILE_TYPE_NOT_ALLOWED', `This chat does not take ${accepted.kind === 'pdf' ? 'PDF documents' : 'photos'}. ${acceptedKinds(kinds)}`);
  const ext = extensionOf(name);
  if (ext && TYPED_EXTENSIONS.has(ext) && !accepted.extensions.includes(ext)) {
    throw new AppError('FILE_REJECTED', `"${name}" is named as a .${ext} file, but it is a ${sniffed.ext.toUpperCase()}: it was not accepted. Send it with its own name.`);
  }
  if (MARKUP.test(scanned(input, sniffed.mime)) || hasZipEnd(input)) {
    throw new AppError('FILE_REJECTED', `"${name}" holds more than a ${accepted.kind === 'pdf' ? 'document' : 'picture'} (markup, a script or an archive) and was not accepted.`);
  }
  const stem = ext ? name.slice(0, -(ext.length + 1)) : name;
  if (accepted.kind === 'pdf') {
    if (pdfIsActive(input, name)) {
      throw new AppError('FILE_REJECTED', `"${name}" is a PDF with scripts, forms or embedded files, which this chat does not take. Print it to a new PDF and send that.`);
    }
    return { bytes: input, name: ext === 'pdf' ? name : `${stem}.pdf`, type: accepted.storedAs, width: null, height: null };
  }
  // The name as given when its extension fits what is stored (`IMG_2041.JPG`), else with one that does (`anim.gif` → `anim.png`).
  const keeps = ext !== null && ACCEPTED[accepted.storedAs]!.extensions.includes(ext);
  return { ...(await reencode(input, name, accepted.storedAs)), name: keeps ? name : `${stem}.${EXTENSION_OF[accepted.storedAs]}` };
}

async function reencode(input: Buffer, name: string, type: string): Promise<Omit<CheckedFile, 'name'>> {
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    throw new AppError('FILE_REJECTED', `"${name}" could not be read as a picture.`);
  }
  const pixels = (meta.width ?? 0) * (meta.height ?? 0);
  if (!pixels) throw new AppError('FILE_REJECTED', `"${name}" could not be read as a picture.`);
  if (pixels > MAX_PIXELS) {
    throw new AppError('FILE_REJECTED', `"${name}" claims ${meta.width} × ${meta.height} pixels, more than a photo has (at most ${MAX_PIXELS / 1_000_000} million): it was not accepted.`);
  }
  try {
    // rotate(): turned upright by its EXIF orientation, which goes with the rest of the metadata.
    const image = sharp(input, { limitInputPixels: MAX_PIXELS, failOn: 'error', animated: false })
      .rotate()
      .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true });
    const out = type === 'image/jpeg' ? image.jpeg({ quality: 85, mozjpeg: true }) : type === 'image/webp' ? image.webp({ quality: 85 }) : image.png({ compressionLevel: 8 });
    const { data, info } = await out.toBuffer({ resolveWithObject: true });
    return { bytes: data, type, width: info.width, height: info.height };
  } catch {
    throw new AppError('FILE_REJECTED', `"${name}" is damaged or incomplete and could not be read as a picture.`);
  }
}

/** The name without a path, control characters or characters file systems refuse, at most LIMITS.fileNameMaxLength. */
export function cleanName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.normalize('NFC').replace(/[\u0000-\u001f\u007f-\u009f"<>:|?*\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').replace(/\s+/g, ' ').trim().replace(/^\.+/, '');
  if (!cleaned) return 'file';
  if (cleaned.length <= LIMITS.fileNameMaxLength) return cleaned;
  const ext = extensionOf(cleaned);
  return ext ? cleaned.slice(0, LIMITS.fileNameMaxLength - ext.length - 1) + '.' + ext : cleaned.slice(0, LIMITS.fileNameMaxLength);
}

function extensionOf(name: string): string | null {
  const match = /\.([A-Za-z0-9]{1,8})$/.exec(name);
  return match ? match[1]!.toLowerCase() : null;
}

function looksLikeMarkup(input: Buffer): boolean {
  return /^\s*</.test(input.subarray(0, 1024).toString('latin1').replace(/^\ufeff|^\xef\xbb\xbf/, ''));
}

/** How much a PDF's compressed streams may unpack to, in all: more is refused (a PDF "zip bomb"). */
const PDF_UNPACKED_MAX = 100 * 1024 * 1024;

/**
 * Whether a PDF can run or carry something, read on its text as a PDF reader would: names with
 * `#xx` escapes decoded (`/J#61vaScript` is `/JavaScript`), and inside every Flate-compressed
 * stream too (object streams hold whole dictionaries), unpacked up to PDF_UNPACKED_MAX.
 */
function pdfIsActive(input: Buffer, name: string): boolean {
  const decode = (text: string) => text.replace(/#([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  const raw = input.toString('latin1');
  if (PDF_ACTIVE.test(decode(raw))) return true;
  let budget = PDF_UNPACKED_MAX;
  const streams = /stream\r?\n/g;
  let found: RegExpExecArray | null;
  let count = 0;
  while ((found = streams.exec(raw)) && count++ < 10_000) {
    const start = found.index + found[0].length;
    const end = raw.indexOf('endstream', start);
    if (end < 0) break;
    streams.lastIndex = end + 'endstream'.length;
    let unpacked: Buffer;
    try {
      unpacked = inflateSync(input.subarray(start, end), { maxOutputLength: budget, finishFlush: zlibConstants.Z_SYNC_FLUSH });
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new AppError('FILE_REJECTED', `"${name}" unpacks to more than ${PDF_UNPACKED_MAX / 1024 / 1024} MB: it was not accepted.`);
      }
      continue; // not Flate (a JPEG image, say): nothing to read inside
    }
    budget -= unpacked.length;
    const text = decode(unpacked.toString('latin1'));
    if (PDF_ACTIVE.test(text) || MARKUP.test(text)) return true;
  }
  return false;
}

/**
 * The bytes where markup could hide: a JPEG's or PNG's headers, metadata and whatever follows its
 * end, not its compressed picture data (in which any short pattern turns up by chance, once in a
 * few thousand large photos); all of a PDF, GIF or WebP.
 */
function scanned(input: Buffer, mime: string): string {
  const parts: Buffer[] = [];
  if (mime === 'image/jpeg') {
    let at = 2;
    while (at + 4 <= input.length && input[at] === 0xff) {
      const marker = input[at + 1]!;
      if (marker === 0xda) break; // start of scan: the picture data follows
      at += 2 + input.readUInt16BE(at + 2);
    }
    parts.push(input.subarray(0, at));
    const end = input.lastIndexOf(Buffer.from([0xff, 0xd9]));
    if (end >= at) parts.push(input.subarray(end + 2));
  } else if (mime === 'image/png') {
    let at = 8;
    while (at + 12 <= input.length) {
      const length = input.readUInt32BE(at);
      const type = input.toString('latin1', at + 4, at + 8);
      if (type !== 'IDAT') parts.push(input.subarray(at + 8, Math.min(input.length, at + 8 + length)));
      at += 12 + length;
      if (type === 'IEND') break;
    }
    parts.push(input.subarray(Math.min(at, input.length)));
  } else parts.push(input);
  return Buffer.concat(parts).toString('latin1');
}

function hasZipEnd(input: Buffer): boolean {
  // The record sits in the last 22 bytes plus a comment of up to 65,535.
  return input.subarray(Math.max(0, input.length - 65_557)).includes(ZIP_END);
}

function acceptedKinds(kinds: readonly FileKind[]): string {
  if (kinds.length === 0) return 'This chat takes no files.';
  const names = kinds.map((k) => (k === 'image' ? 'photos (JPEG, PNG, WebP, GIF)' : 'PDF documents'));
  return `It takes ${names.join(' and ')}.`;
}
