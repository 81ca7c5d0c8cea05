import { and, desc, eq, gte, inArray, or } from 'drizzle-orm';
import { conversationEvents, type Database, type SiteSettings } from '@sportello/db';
import { businessHoursAt } from './business-hours';

/** How far back the measure looks, how many replies it takes at most, and how few make no figure. */
const WINDOW_MS = 30 * 86_400_000;
const SAMPLE = 500;
const MIN_SAMPLES = 5;
const CACHE_MS = 10 * 60_000;

/**
 * The team's typical first reply, measured: the median time from a shopper starting to wait for a
 * person (the conversation's first move to the queue, else its start) to the first agent reply,
 * over the site's last 30 days (the newest 500 replies), counting only waits that began during
 * business hours — a question asked at night and answered in the morning says nothing about how
 * fast the team answers when it is there. Null with fewer than five such replies. The widget says
 * "usually replies in N min" from it; each process keeps a site's figure for ten minutes.
 */
export class ReplyTimes {
  private readonly cache = new Map<string, { at: number; minutes: number | null }>();

  constructor(private readonly db: Database) {}

  async typicalMinutes(siteId: string, settings: Pick<SiteSettings, 'businessHours' | 'timeZone'>, now = new Date()): Promise<number | null> {
    // Kept per site and hours: a change of the business hours or time zone counts at once.
    const key = `${siteId} ${settings.timeZone ?? ''} ${JSON.stringify(settings.businessHours ?? {})}`;
    const kept = this.cache.get(key);
    if (kept && now.getTime() - kept.at < CACHE_MS) return kept.minutes;
    const minutes = await this.measure(siteId, settings, now);
    this.cache.set(key, { at: now.getTime(), minutes });
    return minutes;
  }

  private async measure(siteId: string, settings: Pick<SiteSettings, 'businessHours' | 'timeZone'>, now: Date): Promise<number | null> {
    const since = new Date(now.getTime() - WINDOW_MS);
    const replies = await this.db
      .select({ conversationId: conversationEvents.conversationId, at: conversationEvents.createdAt })
      .from(conversationEvents)
      .where(and(eq(conversationEvents.siteId, siteId), eq(conversationEvents.type, 'first_agent_reply'), gte(conversationEvents.createdAt, since)))
      .orderBy(desc(conversationEvents.createdAt))
      .limit(SAMPLE);
    if (replies.length < MIN_SAMPLES) return null;
    const starts = await this.db
      .select({ conversationId: conversationEvents.conversationId, type: conversationEvents.type, data: conversationEvents.data, at: conversationEvents.createdAt })
      .from(conversationEvents)
      .where(
        and(
          inArray(conversationEvents.conversationId, replies.map((r) => r.conversationId)),
          or(eq(conversationEvents.type, 'created'), eq(conversationEvents.type, 'status_changed')),
        ),
      );
    const byConversation = new Map<string, typeof starts>();
    for (const e of starts) byConversation.set(e.conversationId, [...(byConversation.get(e.conversationId) ?? []), e]);
    const waits: number[] = [];
    for (const reply of replies) {
      const own = (byConversation.get(reply.conversationId) ?? []).filter((e) => e.at <= reply.at);
      const queued = own.filter((e) => e.type === 'status_changed' && e.data.to === 'queued').sort((a, b) => a.at.getTime() - b.at.getTime())[0];
      const from = queued?.at ?? own.find((e) => e.type === 'created')?.at;
      if (!from || !businessHoursAt(settings, from).open) continue;
      waits.push(reply.at.getTime() - from.getTime());
    }
    if (waits.length < MIN_SAMPLES) return null;
    waits.sort((a, b) => a - b);
    const middle = waits.length / 2;
    const median = waits.length % 2 ? waits[Math.floor(middle)]! : (waits[middle - 1]! + waits[middle]!) / 2;
    return Math.max(1, Math.ceil(median / 60_000));
  }
}
