/**
 * The conversation lifecycle:
 * `bot` → (handoff) → `queued` → (agent takes it) → `open` ⇄ `pending` → `resolved` → `closed`.
 */
export const CONVERSATION_STATUSES = ['bot', 'queued', 'open', 'pending', 'resolved', 'closed'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

/**
 * Status changes an agent may ask for (`conversation:status`, `POST /api/v1/conversations/:id/status`), by current status.
 * Taking over and assigning move a conversation to `open` on their own; a shopper writing moves
 * `pending` back to `open` and reopens a `resolved` one. `closed` is final.
 */
export const AGENT_TRANSITIONS: Readonly<Record<ConversationStatus, readonly ConversationStatus[]>> = {
  bot: ['queued', 'open', 'resolved', 'closed'],
  queued: ['bot', 'open', 'resolved', 'closed'],
  open: ['queued', 'pending', 'resolved', 'closed'],
  pending: ['open', 'resolved', 'closed'],
  resolved: ['open', 'closed'],
  closed: [],
};

export function canAgentMove(from: ConversationStatus, to: ConversationStatus): boolean {
  return AGENT_TRANSITIONS[from].includes(to);
}

/**
 * Where a shopper's new message takes a conversation as it is stored: `pending` (waiting on the
 * shopper) goes back to `open`. Returns null when the status does not change. A `resolved`
 * conversation stays resolved in that write: the server's reopen policy then decides, once, who
 * answers (the assignee if online, else the bot if on, else the queue) and tells the shopper.
 * `closed` never reaches here (it refuses messages).
 */
export function statusAfterVisitorMessage(status: ConversationStatus): ConversationStatus | null {
  return status === 'pending' ? 'open' : null;
}

/** Handoff reason of a resolved conversation the shopper wrote into, when it goes back to the queue. */
export const REOPENED_REASON = 'reopened';

/** Kinds of conversation event rows; reports are computed from these. */
export const CONVERSATION_EVENT_TYPES = [
  'created',
  'status_changed',
  'assigned',
  'taken_over',
  'first_agent_reply',
  'rated',
  'priority_changed',
  'snoozed',
  'snooze_ended',
  /** One bot turn: `{ intent, articleIds, handoff }` (what it answered, from which articles). */
  'bot_replied',
] as const;
export type ConversationEventType = (typeof CONVERSATION_EVENT_TYPES)[number];
