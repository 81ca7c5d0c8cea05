import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { attachments, returns, type Database, type SiteSettings } from '@sportello/db';
import { FILE_KINDS, LIMITS, type Attachment, type FileKind, type Message } from '@sportello/protocol';
import { AppError } from '../app-error';
import { checkFile } from './file-check';
import type { FileStore } from './file-store';

type AttachmentRow = typeof attachments.$inferSelect;

/** How long a link stays good: from 30 to 60 minutes (links are cut per half hour, so a page's images keep their URLs and the browser's cache). */
const LINK_STEP_S = 1800;
/** Files uploaded and never sent are erased after this. */
const UNSENT_TTL_MS = 24 * 3600_000;
/** An upload may be sent for this long: an hour less than the sweep waits, so the two never meet. */
const CLAIM_TTL_MS = UNSENT_TTL_MS - 3600_000;
/** Files one shopper may hold uploaded and not sent (the rest of the day's uploads wait for those to go). */
export const UNSENT_PER_VISITOR_MAX = 20;

export function fileKindsOf(settings: SiteSettings): readonly FileKind[] {
  return Array.isArray(settings.fileTypes) ? settings.fileTypes.filter((k): k is FileKind => (FILE_KINDS as readonly string[]).includes(k)) : FILE_KINDS;
}

export function fileMaxBytesOf(settings: SiteSettings): number {
  const mb = Number.isInteger(settings.fileMaxMb) && settings.fileMaxMb! >= 1 ? Math.min(settings.fileMaxMb!, LIMITS.fileMaxMb) : LIMITS.fileMaxMbDefault;
  return mb * 1024 * 1024;
}

/**
 * Signed links to files. A link names the file and when it stops working, signed with a key only
 * the server has; it is made only for someone who may read the message the file came with (the
 * conversation's shopper, its site's agents), and is good for under an hour.
 */
export class FileLinks {
  private readonly key: Buffer;

  constructor(
    secret: string,
    private readonly publicUrl: string,
  ) {
    this.key = createHash('sha256').update(`sportello files\0${secret}`).digest();
  }

  url(id: string, now = Date.now()): string {
    const expires = (Math.floor(now / 1000 / LINK_STEP_S) + 2) * LINK_STEP_S;
    return `${this.publicUrl}/api/v1/files/${id}?e=${expires}&s=${this.signature(id, expires)}`;
  }

  /** Seconds the link has left, or throws FORBIDDEN when it is forged or expired. */
  check(id: string, expires: number, signature: string, now = Date.now()): number {
    const expected = Buffer.from(this.signature(id, expires));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new AppError('FORBIDDEN', 'This file link is not valid.');
    const left = expires - Math.floor(now / 1000);
    if (left <= 0) throw new AppError('FORBIDDEN', 'This file link has expired: open the conversation again for a fresh one.');
    return left;
  }

  private signature(id: string, expires: number): string {
    return createHmac('sha256', this.key).update(`${id}.${expires}`).digest('base64url');
  }
}

export function toAttachment(row: AttachmentRow): Attachment {
  return { id: row.id, name: row.name, type: row.type, size: row.size, width: row.width, height: row.height };
}

/** Who uploads: a shopper (files not yet in a conversation) or an agent (into one conversation). */
export type Uploader = { visitorId: string } | { agentId: string; conversationId: string };

/**
 * Files of conversations: checked and stored at upload, claimed by the message they are sent with,
 * served through signed links, attached to the return they were sent for, erased with their
 * conversation or shopper (and swept when a crash left bytes without a row).
 */
export class AttachmentService {
  constructor(
    private readonly db: Database,
    readonly store: FileStore,
    readonly links: FileLinks,
  ) {}

  /** Checks a file and stores it; nothing is stored when a check fails. */
  async upload(site: { id: string; settings: SiteSettings }, bytes: Buffer, name: string, uploader: Uploader): Promise<Attachment> {
    // Agents may send photos and PDFs whatever shoppers may; the size limit is the site's for both.
    const kinds = 'agentId' in uploader ? FILE_KINDS : fileKindsOf(site.settings);
    if (kinds.length === 0) throw new AppError('FILE_TYPE_NOT_ALLOWED', 'This chat takes no files.');
    const max = fileMaxBytesOf(site.settings);
    if (bytes.length > max) throw tooLarge(max);
    if (bytes.length === 0) throw new AppError('FILE_REJECTED', 'The file is empty.');
    const checked = await checkFile(bytes, name, kinds);
    const id = randomUUID();
    const key = `${site.id}/${id}`;
    await this.store.put(key, checked.bytes, checked.type);
    try {
      const [row] = await this.db
        .insert(attachments)
        .values({
          id,
          siteId: site.id,
          visitorId: 'visitorId' in uploader ? uploader.visitorId : null,
          agentId: 'agentId' in uploader ? uploader.agentId : null,
          conversationId: 'agentId' in uploader ? uploader.conversationId : null,
          name: checked.name,
          type: checked.type,
          size: checked.bytes.length,
          width: checked.width,
          height: checked.height,
          sha256: createHash('sha256').update(checked.bytes).digest('hex'),
          storageKey: key,
        })
        .returning();
      if ('visitorId' in uploader) {
        // Counted after the insert, so shoppers uploading at once never hold more than the cap together.
        const [held] = await this.db
          .select({ n: sql<number>`count(*)::int` })
          .from(attachments)
          .where(and(eq(attachments.visitorId, uploader.visitorId), isNull(attachments.clientId), gt(attachments.createdAt, new Date(Date.now() - UNSENT_TTL_MS))));
        if (held!.n > UNSENT_PER_VISITOR_MAX) {
          await this.db.delete(attachments).where(eq(attachments.id, id));
          throw new AppError('RATE_LIMITED', `You have ${UNSENT_PER_VISITOR_MAX} files uploaded and not sent: send or leave those first.`);
        }
      }
      return this.linked(toAttachment(row!));
    } catch (error) {
      await this.store.delete([key]).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Gives uploaded files to the message `clientId` of a conversation, in one statement: each file
   * must be the sender's, of the conversation's site, and not sent with another message (a retried
   * send of the same message claims them again). Returns them in the order given.
   */
  async claim(input: { ids: string[]; conversationId: string; clientId: string } & ({ visitorId: string } | { agentId: string })): Promise<Attachment[]> {
    const ids = [...new Set(input.ids)];
    // A shopper's file is free (never claimed), or already this message's: its retry, or its resend
    // into a new conversation after the first refused it (then no message holds it).
    const mine = and(
      eq(attachments.clientId, input.clientId),
      or(
        eq(attachments.conversationId, input.conversationId),
        sql`not exists (select 1 from messages m where m.conversation_id = ${attachments.conversationId} and m.client_id = ${input.clientId})`,
      ),
    );
    const owner =
      'visitorId' in input
        ? and(eq(attachments.visitorId, input.visitorId), or(and(isNull(attachments.clientId), isNull(attachments.conversationId)), mine))
        : and(eq(attachments.agentId, input.agentId), eq(attachments.conversationId, input.conversationId), or(isNull(attachments.clientId), eq(attachments.clientId, input.clientId)));
    const rows = await this.db
      .update(attachments)
      .set({ conversationId: input.conversationId, clientId: input.clientId })
      .where(
        and(
          inArray(attachments.id, ids),
          owner,
          sql`${attachments.siteId} = (select site_id from conversations where id = ${input.conversationId})`,
          // Never one the sweep may be erasing (it takes unsent files after a day).
          gt(attachments.createdAt, new Date(Date.now() - CLAIM_TTL_MS)),
        ),
      )
      .returning();
    if (rows.length !== ids.length) {
      throw new AppError('FILE_GONE', 'A file of this message was not uploaded here, went with another message, or was uploaded over a day ago: attach it again.');
    }
    const byId = new Map(rows.map((r) => [r.id, toAttachment(r)]));
    return ids.map((id) => byId.get(id)!);
  }

  /** A shopper's photos sent while a return of the conversation waits for approval go with it. Returns its reference. */
  async attachToPendingReturn(conversationId: string, ids: string[]): Promise<string | null> {
    // One statement: the return is read as it is when the photos are linked.
    const pending = sql`(select id from returns where conversation_id = ${conversationId} and status = 'pending_approval' order by created_at desc limit 1)`;
    const linked = await this.db
      .update(attachments)
      .set({ returnId: pending })
      .where(and(inArray(attachments.id, ids), eq(attachments.conversationId, conversationId), sql`${attachments.type} like 'image/%'`, isNull(attachments.returnId), sql`${pending} is not null`))
      .returning({ returnId: attachments.returnId });
    if (!linked[0]?.returnId) return null;
    const [row] = await this.db.select({ reference: returns.reference }).from(returns).where(eq(returns.id, linked[0].returnId));
    return row?.reference ?? null;
  }

  /** The photos of returns, by return id, linked for an agent. */
  async ofReturns(returnIds: string[]): Promise<Map<string, Attachment[]>> {
    const result = new Map<string, Attachment[]>();
    if (!returnIds.length) return result;
    const rows = await this.db.select().from(attachments).where(inArray(attachments.returnId, returnIds)).orderBy(attachments.createdAt);
    for (const row of rows) {
      const list = result.get(row.returnId!) ?? [];
      list.push(this.linked(toAttachment(row)));
      result.set(row.returnId!, list);
    }
    return result;
  }

  linked(file: Attachment, now = Date.now()): Attachment {
    return { ...file, url: this.links.url(file.id, now) };
  }

  /** The message with fresh links to its files, for whoever it is being sent to. */
  withLinks(message: Message): Message {
    const files = message.payload?.attachments;
    if (!files?.length) return message;
    const now = Date.now();
    return { ...message, payload: { ...message.payload, attachments: files.map((f) => this.linked(f, now)) } };
  }

  /** A file for a signed link: its row and bytes, or NOT_FOUND (erased, or never there). */
  async open(id: string): Promise<{ row: AttachmentRow; bytes: Buffer }> {
    const [row] = await this.db.select().from(attachments).where(eq(attachments.id, id));
    const bytes = row ? await this.store.get(row.storageKey) : null;
    if (!row || !bytes) throw new AppError('NOT_FOUND', 'This file is no longer here.');
    return { row, bytes };
  }

  /**
   * Erases, with their bytes, the files of what is about to go: the storage keys of the files of
   * these conversations and shoppers. Call before deleting the rows (which cascade), remove the
   * bytes after the commit; the sweep catches what a crash in between leaves. `db`: the transaction, inside one.
   */
  async keysOf(scope: { conversationIds?: string[]; visitorIds?: string[] }, db: Pick<Database, 'select'> = this.db): Promise<string[]> {
    const parts = [];
    if (scope.conversationIds?.length) parts.push(inArray(attachments.conversationId, scope.conversationIds));
    if (scope.visitorIds?.length) parts.push(inArray(attachments.visitorId, scope.visitorIds));
    if (!parts.length) return [];
    const rows = await db.select({ key: attachments.storageKey }).from(attachments).where(or(...parts));
    return rows.map((r) => r.key);
  }

  /**
   * Erases files uploaded and never sent (or sent with a message that was refused) after a day, and bytes in the store that no row names
   * (left by a crash between the two) after an hour. Returns how many files went.
   */
  async sweep(now = new Date()): Promise<number> {
    const unsent = await this.db
      .delete(attachments)
      .where(
        and(
          lt(attachments.createdAt, new Date(now.getTime() - UNSENT_TTL_MS)),
          or(
            isNull(attachments.clientId),
            // Claimed by a message that was then refused (its send never stored it); looked for
            // in the last week only, so the sweep does not read every file ever sent.
            and(
              gt(attachments.createdAt, new Date(now.getTime() - 8 * UNSENT_TTL_MS)),
              sql`not exists (select 1 from messages m where m.conversation_id = ${attachments.conversationId} and m.client_id = ${attachments.clientId})`,
            ),
          ),
        ),
      )
      .returning({ key: attachments.storageKey });
    const gone = unsent.map((r) => r.key);
    const cutoff = now.getTime() - 3600_000;
    let batch: string[] = [];
    const orphans = async () => {
      if (!batch.length) return;
      const known = await this.db.select({ key: attachments.storageKey }).from(attachments).where(inArray(attachments.storageKey, batch));
      const kept = new Set(known.map((k) => k.key));
      gone.push(...batch.filter((k) => !kept.has(k)));
      batch = [];
    };
    for await (const file of this.store.list()) {
      if (file.writtenAt.getTime() > cutoff) continue;
      batch.push(file.key);
      if (batch.length >= 500) await orphans();
    }
    await orphans();
    const unique = [...new Set(gone)];
    if (unique.length) await this.store.delete(unique);
    return unique.length;
  }
}

export function tooLarge(maxBytes: number): AppError {
  return new AppError('FILE_TOO_LARGE', `The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB, the most this chat takes.`);
}
