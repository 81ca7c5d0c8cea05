import { and, asc, eq, gte, inArray, lt } from 'drizzle-orm';
import { conversationEvents, type Database, type RawQuery } from '@sportello/db';
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

/** How long after the bot's last reply a return on the same topic still means the bot did not resolve it. */
export const RETURN_WINDOW_HOURS = 24;

/**
 * Intents that are a topic by themselves (a shopper back about "my order" or "a return" is back on
 * the same thing). Knowledge-base answers (`faq`) are matched by article instead; small talk, hand-off
 * and out-of-scope turns name no topic.
 */
export const TOPIC_INTENTS = ['order_status', 'return', 'product'] as const;

/** A `bot_replied` event's article ids as a set of rows (an empty set when the field is not an array). */
const articleIdsOf = (event: string) => `jsonb_array_elements_text(case when jsonb_typeof(${event}.data->'articleIds') = 'array' then ${event}.data->'articleIds' else '[]'::jsonb end)`;

/** Two `bot_replied` events are on the same topic: one of the topic intents, or an article in common. */
const SAME_TOPIC = `(
  (mine.data->>'intent' = theirs.data->>'intent' and mine.data->>'intent' in (${TOPIC_INTENTS.map((i) => `'${i}'`).join(', ')}))
  or exists (select 1 from ${articleIdsOf('mine')} as x(id) join ${articleIdsOf('theirs')} as y(id) on x.id = y.id)
)`;

/**
 * Bot deflection in one aggregate over the database (nothing per event reaches memory). Parameters:
 * `$1` site, `$2`–`$3` the range of the conversations' `created` events, `$4` now. Of the range's
 * conversations, those the bot handled alone (it replied; no agent message or note; never taken
 * over, assigned or queued) are split into `came_back` (a later conversation of the same visitor,
 * started within the window after this one's last bot reply, whose bot turns share a topic with
 * it), `pending` (the window is still open) and `resolved` (the rest).
 */
const DEFLECTION_SQL = `
with started as (
  select e.conversation_id as id, c.visitor_id, e.created_at as started_at
  from conversation_events e
  join conversations c on c.id = e.conversation_id
  where e.site_id = $1 and e.type = 'created' and e.created_at >= $2::timestamptz and e.created_at < $3::timestamptz
),
alone as (
  select s.id, s.visitor_id, s.started_at,
    (select max(b.created_at) from conversation_events b where b.conversation_id = s.id and b.type = 'bot_replied') as last_bot_at
  from started s
  where not exists (
      select 1 from conversation_events h
      where h.conversation_id = s.id
        and (h.type in ('taken_over', 'first_agent_reply')
          or (h.type = 'assigned' and h.data->>'to' is not null)
          or (h.type = 'status_changed' and h.data->>'to' = 'queued')))
    and not exists (select 1 from messages m where m.conversation_id = s.id and m.author_type = 'agent')
),
judged as (
  select a.last_bot_at,
    exists (
      select 1
      from conversations l
      join conversation_events lc on lc.conversation_id = l.id and lc.type = 'created'
      where l.visitor_id = a.visitor_id and l.site_id = $1 and l.id <> a.id
        and lc.created_at > a.started_at
        and lc.created_at <= a.last_bot_at + interval '${RETURN_WINDOW_HOURS} hours'
        and exists (
          select 1 from conversation_events mine, conversation_events theirs
          where mine.conversation_id = a.id and mine.type = 'bot_replied'
            and theirs.conversation_id = l.id and theirs.type = 'bot_replied'
            and ${SAME_TOPIC})
    ) as came_back
  from alone a
  where a.last_bot_at is not null
)
select
  (count(*) filter (where not came_back and last_bot_at + interval '${RETURN_WINDOW_HOURS} hours' <= $4::timestamptz))::int as resolved,
  (count(*) filter (where not came_back and last_bot_at + interval '${RETURN_WINDOW_HOURS} hours' > $4::timestamptz))::int as pending,
  (count(*) filter (where came_back))::int as came_back
from judged`;

/**
 * Reports read the event rows, never counters: a conversation belongs to the range it was created
 * in, and every figure about it comes from its events (whenever they happened).
 */
export class ReportService {
  /** `query` runs the deflection aggregate on the driver itself (`DbHandle.query`). */
  constructor(
    private readonly db: Database,
    private readonly query: RawQuery,
  ) {}

  /**
   * Bot deflection of the conversations started in the range (README, "Bot deflection"): resolved by
   * the bot alone, still within the return window at `now`, and handled alone but come back on the topic.
   */
  async botDeflection(siteId: string, range: { from: Date; to: Date }, now = new Date()): Promise<{ resolved: number; pending: number; cameBack: number }> {
    const [row] = await this.query<{ resolved: number; pending: number; came_back: number }>(DEFLECTION_SQL, [siteId, range.from.toISOString(), range.to.toISOString(), now.toISOString()]);
    return { resolved: Number(row?.resolved ?? 0), pending: Number(row?.pending ?? 0), cameBack: Number(row?.came_back ?? 0) };
  }

  async report(siteId: string, range: { from: Date; to: Date }, timeZone = 'UTC', now = new Date()): Promise<Report> {
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

    const deflection = await this.botDeflection(siteId, range, now);
    const settled = created.length - deflection.pending;
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
      botDeflection: {
        resolvedByBot: deflection.resolved,
        pending: deflection.pending,
        cameBack: deflection.cameBack,
        rate: settled > 0 ? Math.round((deflection.resolved / settled) * 1000) / 1000 : null,
      },
      handoffReasons: [...reasons.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([reason, count]) => ({ reason, count })),
      busiestHours: hours.map((count, hour) => ({ hour, count })),
    };
  }
}

export type { Report };
