/**
 * Who answers a shopper who writes into a resolved conversation, so that someone always does:
 *
 * 1. the assignee, when they are online (presence `online`, account active): back to `open`, and
 *    the shopper is told that person will reply;
 * 2. else the bot, when the site has it on: back to `bot`, and the bot answers the message itself;
 * 3. else the queue (`queued`, handoff reason `reopened`), and the shopper is told it is back in the
 *    queue and when a person will answer: shortly when agents are online during business hours,
 *    else from the next opening of the site's business hours (in the site's time zone).
 *
 * `ConversationService.reopen` reads the facts and applies the outcome under the conversation's
 * row lock, so it happens once whichever process stored or retried the message.
 */

import { shownName } from './agent-author';
import { eq } from 'drizzle-orm';
import { agents, sites, type Database } from '@sportello/db';
import { REOPENED_REASON } from '@sportello/protocol';
import { onlineAgentCount } from './agent-presence';
import { businessHoursAt } from './business-hours';
import type { ConversationRow } from './conversation-view';
import { conversationTexts, formatOpening, type NoticeTexts } from './shopper-notices';

/** What the reopen policy weighs, read under the conversation's row lock. */
export interface ReopenFacts {
  /** The conversation's assignee, if any, and whether they can answer now. */
  assignee: { name: string | null; online: boolean } | null;
  botEnabled: boolean;
  /** Active agents of the site whose presence is `online`. */
  agentsOnline: number;
  /** The site's business hours at this moment (`businessHoursAt`). */
  hours: { open: boolean; nextOpening: Date | null };
  texts: NoticeTexts;
  timeZone: string;
}

export interface Reopening {
  status: 'open' | 'bot' | 'queued';
  /** `reopened` when the conversation goes to the queue, else null (an earlier handoff's reason is over). */
  handoffReason: typeof REOPENED_REASON | null;
  /** What the shopper is told (a `system` message); null when the bot answers them itself. */
  notice: string | null;
}

/** The pure decision over the facts. */
export function reopenOutcome(facts: ReopenFacts): Reopening {
  const { texts } = facts;
  if (facts.assignee?.online) return { status: 'open', handoffReason: null, notice: texts.assigneeReplies(facts.assignee.name) };
  if (facts.botEnabled) return { status: 'bot', handoffReason: null, notice: null };
  const now = facts.agentsOnline > 0 && facts.hours.open;
  const when = !now && facts.hours.nextOpening ? formatOpening(facts.hours.nextOpening, texts, facts.timeZone) : null;
  return { status: 'queued', handoffReason: REOPENED_REASON, notice: texts.backInQueue({ now, when }) };
}

/** The facts about a conversation at `now`, read with `db` (the caller's transaction). */
export async function readReopenFacts(db: Database, row: ConversationRow, now: Date): Promise<ReopenFacts> {
  const [site] = await db.select({ settings: sites.settings }).from(sites).where(eq(sites.id, row.siteId));
  const settings = site?.settings ?? {};
  const [assignee] = row.assigneeId
    ? await db.select({ name: agents.name, displayName: agents.displayName, presence: agents.presence, active: agents.active }).from(agents).where(eq(agents.id, row.assigneeId))
    : [];
  return {
    assignee: assignee ? { name: shownName(assignee), online: assignee.presence === 'online' && assignee.active } : null,
    botEnabled: settings.botEnabled !== false,
    agentsOnline: await onlineAgentCount(db, row.siteId),
    hours: businessHoursAt(settings, now),
    texts: await conversationTexts(db, row),
    timeZone: settings.timeZone ?? 'UTC',
  };
}
