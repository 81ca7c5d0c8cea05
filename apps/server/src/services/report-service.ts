import type { Database, RawQuery } from '@sportello/db';
import type { Report } from '@sportello/protocol';


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
    const [[row], deflection] = await Promise.all([
      this.query<{ report: ReportFacts }>(REPORT_SQL, [siteId, range.from.toISOString(), range.to.toISOString(), timeZone]),
      this.botDeflection(siteId, range, now),
    ]);
    const facts = row!.report;
    const perDay = new Map<string, number>();
    for (let day = new Date(range.from); day < range.to; day = new Date(day.getTime() + 86_400_000)) perDay.set(localParts(day, timeZone).date, 0);
    for (const { date, count } of facts.perDay) perDay.set(date, (perDay.get(date) ?? 0) + Number(count));
    const hours = new Array<number>(24).fill(0);
    for (const { hour, count } of facts.hours) hours[Number(hour)] = Number(count);
    const distribution = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
    for (const { rating, count } of facts.ratings) if (String(rating) in distribution) distribution[String(rating) as keyof typeof distribution] = Number(count);
    const rated = facts.ratings.reduce((n, r) => n + Number(r.count), 0);
    const ratingSum = facts.ratings.reduce((n, r) => n + Number(r.rating) * Number(r.count), 0);
    const conversations = Number(facts.conversations);
    const settled = conversations - deflection.pending;
    const num = (v: number | string | null) => (v === null ? null : Number(v));
    return {
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      timeZone,
      conversations,
      perDay: [...perDay.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([date, count]) => ({ date, count })),
      firstResponseSeconds: { median: num(facts.firstResponse.median), p90: num(facts.firstResponse.p90), count: Number(facts.firstResponse.count) },
      resolutionSeconds: { median: num(facts.resolution.median), p90: num(facts.resolution.p90), count: Number(facts.resolution.count) },
      csat: {
        average: rated ? Math.round((ratingSum / rated) * 100) / 100 : null,
        count: rated,
        distribution,
        comments: facts.comments.map((c) => ({ conversationId: c.conversationId, rating: Number(c.rating), comment: c.comment, at: new Date(c.at).toISOString() })),
      },
      botDeflection: {
        resolvedByBot: deflection.resolved,
        pending: deflection.pending,
        cameBack: deflection.cameBack,
        rate: settled > 0 ? Math.round((deflection.resolved / settled) * 1000) / 1000 : null,
      },
      handoffReasons: facts.reasons.map((r) => ({ reason: r.reason, count: Number(r.count) })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
      busiestHours: hours.map((count, hour) => ({ hour, count })),
    };
  }
}

/** What REPORT_SQL answers (numbers may come as strings from the driver). */
interface ReportFacts {
  conversations: number | string;
  perDay: { date: string; count: number | string }[];
  hours: { hour: number | string; count: number | string }[];
  firstResponse: { median: number | string | null; p90: number | string | null; count: number | string };
  resolution: { median: number | string | null; p90: number | string | null; count: number | string };
  ratings: { rating: number | string; count: number | string }[];
  comments: { conversationId: string; rating: number | string; comment: string; at: string }[];
  reasons: { reason: string; count: number | string }[];
}

/**
 * The report in one aggregate over the events (nothing per event reaches the process). `$1` site,
 * `$2`–`$3` the range of the conversations' `created` events, `$4` the site's time zone. Per
 * conversation of the range, from all its events: when it first went to the queue, got its first
 * agent reply, was first resolved (or closed), and its last rating; then the figures over those.
 * Durations are between timestamps cut to the millisecond, percentiles by nearest rank.
 */
const REPORT_SQL = `
with started as (
  select e.conversation_id as id, e.created_at
  from conversation_events e
  where e.site_id = $1 and e.type = 'created' and e.created_at >= $2::timestamptz and e.created_at < $3::timestamptz
),
facts as materialized (
  select s.id, s.created_at,
    min(e.created_at) filter (where e.type = 'status_changed' and e.data->>'to' = 'queued') as queued_at,
    min(e.created_at) filter (where e.type = 'first_agent_reply') as first_reply_at,
    min(e.created_at) filter (where e.type = 'status_changed' and e.data->>'to' in ('resolved', 'closed')) as resolved_at,
    (array_agg(e.data order by e.created_at desc) filter (where e.type = 'rated'))[1] as rated,
    max(e.created_at) filter (where e.type = 'rated') as rated_at,
    count(*) filter (where e.type = 'status_changed' and e.data->>'to' = 'queued') as queued_times
  from started s
  -- A conversation's events come after its creation: the site's events since the range began, read
  -- in the site's time order, hold all of them (the per-conversation index would be looked up once
  -- per conversation of the range).
  join conversation_events e on e.conversation_id = s.id and e.site_id = $1 and e.created_at >= $2::timestamptz
  group by s.id, s.created_at
),
waits as (
  select extract(epoch from date_trunc('milliseconds', first_reply_at) - date_trunc('milliseconds', case when queued_at <= first_reply_at then queued_at else created_at end)) as first_response,
    extract(epoch from date_trunc('milliseconds', resolved_at) - date_trunc('milliseconds', created_at)) as resolution
  from facts
),
ratings as (
  select f.id, f.created_at, f.rated_at, (f.rated->>'rating')::numeric as rating, f.rated->>'comment' as comment, jsonb_typeof(f.rated->'comment') as comment_type
  from facts f where jsonb_typeof(f.rated->'rating') = 'number'
)
select json_build_object(
  'conversations', (select count(*) from facts),
  'perDay', (select coalesce(json_agg(json_build_object('date', d, 'count', n)), '[]') from (select to_char(created_at at time zone $4, 'YYYY-MM-DD') as d, count(*) as n from facts group by 1) x),
  'hours', (select coalesce(json_agg(json_build_object('hour', h, 'count', n)), '[]') from (select extract(hour from created_at at time zone $4)::int as h, count(*) as n from facts group by 1) x),
  'firstResponse', (select json_build_object('median', percentile_disc(0.5) within group (order by v), 'p90', percentile_disc(0.9) within group (order by v), 'count', count(v))
                    from (select greatest(0, first_response) as v from waits where first_response is not null) x),
  'resolution', (select json_build_object('median', percentile_disc(0.5) within group (order by v), 'p90', percentile_disc(0.9) within group (order by v), 'count', count(v))
                 from (select greatest(0, resolution) as v from waits where resolution is not null) x),
  'ratings', (select coalesce(json_agg(json_build_object('rating', rating, 'count', n)), '[]') from (select rating, count(*) as n from ratings group by 1) x),
  'comments', (select coalesce(json_agg(json_build_object('conversationId', id, 'rating', rating, 'comment', comment, 'at', rated_at) order by created_at, id), '[]')
               from ratings where comment_type = 'string' and comment <> ''),
  'reasons', (select coalesce(json_agg(json_build_object('reason', reason, 'count', n)), '[]') from (
      select case when jsonb_typeof(e.data->'reason') = 'string' and e.data->>'reason' <> '' then e.data->>'reason' else 'unspecified' end as reason, count(*) as n
      from facts f join conversation_events e on e.conversation_id = f.id and e.site_id = $1 and e.created_at >= $2::timestamptz
      where f.queued_times > 0 and e.type = 'status_changed' and e.data->>'to' = 'queued'
      group by 1) x)
) as report`;

export type { Report };
