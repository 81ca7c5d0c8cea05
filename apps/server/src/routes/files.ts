import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { idParamsSchema, LIMITS } from '@sportello/protocol';
import { AppError } from '../app-error';
import { agentOf } from '../plugins/auth';
import { fileMaxBytesOf, tooLarge } from '../services/attachment-service';
import { isOriginAllowed } from '../services/site-service';

/** Uploads read and checked at once by one process; the rest queue (a minute at most). */
const UPLOADS_AT_ONCE = 4;
const UPLOADS_PER_ADDRESS_PER_MINUTE = 60;

/** A name for `filename*=UTF-8''…` (RFC 8187): percent-encoded but for the characters it allows as they are. */
const rfc8187 = (name: string) => encodeURIComponent(name).replace(/['()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());

/** At most `size` tasks at a time; the others wait in turn, up to a minute, then get SERVICE_UNAVAILABLE. */
class Gate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.size) {
      await new Promise<void>((resolve, reject) => {
        const turn = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(turn), 1);
          reject(new AppError('SERVICE_UNAVAILABLE', 'Many files are being sent right now: try again in a moment.'));
        }, 60_000);
        this.waiting.push(turn);
      });
    } else this.running++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

const uploadQuerySchema = z.object({ site: z.string().min(1).max(64) });
const linkQuerySchema = z.object({ e: z.coerce.number().int().positive(), s: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });

/** The one file of a multipart upload, read whole up to `maxBytes`; a larger one is refused (nothing is kept). */
async function readUpload(request: FastifyRequest, maxBytes: number): Promise<{ bytes: Buffer; name: string }> {
  if (!request.isMultipart()) throw new AppError('VALIDATION_FAILED', 'Send the file as multipart/form-data, in a field named "file".');
  try {
    const part = await request.file({ limits: { fileSize: maxBytes, files: 1, fields: 0, parts: 1 } });
    if (!part) throw new AppError('VALIDATION_FAILED', 'No file in the request.');
    const bytes = await part.toBuffer();
    return { bytes, name: part.filename || 'file' };
  } catch (error) {
    throw uploadError(error, maxBytes);
  }
}

/** What a broken or oversized upload means for the sender (the multipart parser's errors are not theirs to decode). */
function uploadError(error: unknown, maxBytes: number): unknown {
  if (error instanceof AppError) return error;
  const code = (error as { code?: string }).code ?? '';
  if (code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge(maxBytes);
  if (code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') {
    return new AppError('VALIDATION_FAILED', 'Send one file per request, in a field named "file", and nothing else.');
  }
  // The parser's own errors (no boundary, a form cut short): the request is not a well-formed form.
  if (code.startsWith('FST_') || /multipart|boundary|unexpected end|malformed/i.test((error as Error).message ?? '')) {
    return new AppError('VALIDATION_FAILED', 'The upload is not a complete multipart/form-data request.');
  }
  return error;
}

/**
 * Files: shoppers upload from the widget (`POST /api/v1/widget/files`, with their visitor token),
 * agents into a conversation (`POST /api/v1/conversations/:id/files`); either then sends the
 * message with the file's id. Files are read back only through the signed links that messages
 * carry (`GET /api/v1/files/:id`).
 */
export const fileRoutes: FastifyPluginAsync = async (app) => {
  const services = app.services;
  // Uploads are read whole and photos decoded: a few at a time per process, the others wait their turn.
  const gate = new Gate(UPLOADS_AT_ONCE);

  app.post('/api/v1/widget/files', async (request, reply) => {
    const { site: key } = uploadQuerySchema.parse(request.query ?? {});
    const token = /^Bearer ([A-Za-z0-9_-]{10,128})$/.exec(request.headers.authorization ?? '')?.[1];
    const site = await services.sites.byKey(key);
    if (!site) throw new AppError('SITE_NOT_FOUND');
    const origin = request.headers.origin;
    if (origin !== undefined && !isOriginAllowed(site, origin)) throw new AppError('ORIGIN_NOT_ALLOWED');
    const visitor = token ? await services.visitors.byToken(site.id, token) : null;
    if (!visitor) throw new AppError('UNAUTHENTICATED', 'Open the chat first: the upload needs the visitor token it holds.');
    if (!(await services.rateLimiter.hit(`upload:v:${visitor.id}`, LIMITS.visitorUploadsPerWindow, LIMITS.messageRateWindowMs))) throw new AppError('RATE_LIMITED');
    // New shoppers cost nothing: the address is counted too.
    if (!(await services.rateLimiter.hit(`upload:ip:${request.ip}`, UPLOADS_PER_ADDRESS_PER_MINUTE, 60_000))) throw new AppError('RATE_LIMITED');
    const attachment = await gate.run(async () => {
      const { bytes, name } = await readUpload(request, fileMaxBytesOf(site.settings));
      return services.files.upload(site, bytes, name, { visitorId: visitor.id });
    });
    return reply.code(201).send({ attachment });
  });

  app.post('/api/v1/conversations/:id/files', { preHandler: app.requireAgent }, async (request, reply) => {
    const { id } = idParamsSchema.parse(request.params);
    const agent = agentOf(request);
    const ref = await services.conversations.requireAgentConversation(agent, id);
    const site = await services.sites.byId(ref.siteId);
    if (!site) throw new AppError('NOT_FOUND', 'No such conversation.');
    const attachment = await gate.run(async () => {
      const { bytes, name } = await readUpload(request, fileMaxBytesOf(site.settings));
      return services.files.upload(site, bytes, name, { agentId: agent.id, conversationId: id });
    });
    return reply.code(201).send({ attachment });
  });

  // Served as the type its bytes were checked to be, never sniffed, never run: photos inline
  // (re-encoded JPEG, PNG or WebP), anything else as a download; a sandbox CSP besides.
  app.get('/api/v1/files/:id', async (request, reply) => {
    const { id } = idParamsSchema.parse(request.params);
    const { e, s } = linkQuerySchema.parse(request.query ?? {});
    const left = services.files.links.check(id, e, s);
    const { row, bytes } = await services.files.open(id);
    const inline = row.type === 'image/jpeg' || row.type === 'image/png' || row.type === 'image/webp';
    reply.header('content-type', row.type);
    reply.header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename="${row.name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${rfc8187(row.name)}`);
    reply.header('cache-control', `private, max-age=${Math.min(left, 3600)}, immutable`);
    reply.header('content-security-policy', "default-src 'none'; sandbox");
    reply.header('cross-origin-resource-policy', 'cross-origin');
    reply.header('etag', `"${row.sha256.slice(0, 32)}"`);
    return reply.send(bytes);
  });
};
