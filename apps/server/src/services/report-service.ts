import { and, asc, eq, gte, inArray, lt } from 'drizzle-orm';
import { conversationEvents, type Database } from '@sportello/db';
import type { Report } from '@sportello/protocol';

type EventRow = typeof conversationEvents.$inferSelect;

/** The value below which `p` of the sorted values lie (nearest rank). */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

function localParts(at: Date, timeZone: string): { date: string; hour: number } {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, hour: Number(get('hour')) };
}

const seconds = (from: Date, to: Date) => Math.max(0, (to.getTime() - from.getTime()) / 1000);

/**
 * Reports read the event rows, never counters: a conversation belongs to the range it was created
 * in, and every figure about it comes from its events (whenever they happened).
 */
export class ReportService {
  constructor(private readonly db: Database) {}

  async report(siteId: string, range: { from: Date; to: Date }, timeZone = 'UTC'): Promise<Report> {
    const created = await this.db
      .select()
      .from(conversationEvents)
      .where(and(eq(conversationEvents.siteId, siteId), eq(conversationEvents.type, 'created'), gte(conversationEvents.createdAt, range.from), lt(conversationEvents.createdAt, range.to)))
      .orderBy(asc(conversationEvents.createdAt));
    const ids = created.map((e) => e.conversationId);
    const byConversation = new Map<string, EventRow[]>(ids.map((id) => [id, []]));
    for (let i = 0; i < ids.length; i += 1000) {
      const rows = await this.db
        .select()
        .from(conversationEvents)
        .where(inArray(conversationEvents.conversationId, ids.slice(i, i + 1000)))
        .orderBy(asc(conversationEvents.createdAt));
      for (const row of rows) byConversation.get(row.conversationId)?.push(row);
    }

    const perDay = new Map<string, number>();
    for (let day = new Date(range.from); day < range.to; day = new Date(day.getTime() + 86_400_000)) perDay.set(localParts(day, timeZone).date, 0);
    const hours = new Array<number>(24).fill(0);
    const firstResponses: number[] = [];
    const resolutions: number[] = [];
    const ratings: number[] = [];
    const distribution = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
    const comments: Report['csat']['comments'] = [];
    const reasons = new Map<string, number>();
    let resolvedByBot = 0;

    for (const start of created) {
      const local = localParts(start.createdAt, timeZone);
      perDay.set(local.date, (perDay.get(local.date) ?? 0) + 1);
      hours[local.hour]! += 1;
      const events = byConversation.get(start.conversationId) ?? [];
      const queued = events.find((e) => e.type === 'status_changed' && e.data.to === 'queued');
      const firstReply = events.find((e) => e.type === 'first_agent_reply');
      if (firstReply) firstResponses.push(seconds(queued && queued.createdAt <= firstReply.createdAt ? queued.createdAt : start.createdAt, firstReply.createdAt));
      const resolved = events.find((e) => e.type === 'status_changed' && (e.data.to === 'resolved' || e.data.to === 'closed'));
      if (resolved) resolutions.push(seconds(start.createdAt, resolved.createdAt));
      const human = events.some((e) => e.type === 'first_agent_reply' || e.type === 'taken_over' || (e.type === 'assigned' && e.data.to));
      if (resolved && !human && !queued) resolvedByBot++;
      for (const e of events) {
        if (e.type === 'status_changed' && e.data.to === 'queued') {
          const reason = typeof e.data.reason === 'string' && e.data.reason ? e.data.reason : 'unspecified';
          reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
        }
      }
      const rated = events.filter((e) => e.type === 'rated').at(-1);
      if (rated && typeof rated.data.rating === 'number') {
        const rating = rated.data.rating;
        ratings.push(rating);
        distribution[String(rating) as keyof typeof distribution] += 1;
        if (typeof rated.data.comment === 'string' && rated.data.comment) {
          comments.push({ conversationId: start.conversationId, rating, comment: rated.data.comment, at: rated.createdAt.toISOString() });
        }
      }
    }

    const sortNumbers = (xs: number[]) => [...xs].sort((a, b) => a - b);
    const fr = sortNumbers(firstResponses);
    const rs = sortNumbers(resolutions);
    return {
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      timeZone,
      conversations: created.length,
      perDay: [...perDay.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([date, count]) => ({ date, count })),
      firstResponseSeconds: { median: percentile(fr, 50), p90: percentile(fr, 90), count: fr.length },
      resolutionSeconds: { median: percentile(rs, 50), p90: percentile(rs, 90), count: rs.length },
      csat: {
        average: ratings.length ? Math.round((ratings.reduce((a, b) => a + b, 0) / ratings.length) * 100) / 100 : null,
        count: ratings.length,
        distribution,
        comments,
      },
      botDeflection: { resolvedByBot, rate: created.length ? Math.round((resolvedByBot / created.length) * 1000) / 1000 : null },
      handoffReasons: [...reasons.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([reason, count]) => ({ reason, count })),
      busiestHours: hours.map((count, hour) => ({ hour, count })),
    };
  }
}

export type { Report };
