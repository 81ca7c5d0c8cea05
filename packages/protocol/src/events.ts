import type {
  AgentConversation,
  AckFn,
  Author,
  ConversationReplay,
  Message,
  ViewersNotice,
  VisitorConversation,
} from './model';
import type {
  AgentMessageSendPayload,
  AgentTypingPayload,
  AssignPayload,
  ConversationRefPayload,
  ConversationStartPayload,
  HistoryPayload,
  IdentityPayload,
  PagePayload,
  RatePayload,
  MessageSendPayload,
  PresencePayload,
  PriorityChangePayload,
  SnoozePayload,
  SeenPayload,
  StatusChangePayload,
  SyncPayload,
  TypingPayload,
} from './schemas';

/** Socket.IO namespace names. */
export const NAMESPACES = { visitor: '/visitor', agent: '/agent' } as const;

/**
 * What the server acks a stored message with: the message as stored (body normalised and card
 * numbers redacted), in the sender's numbering; clients show this, not what they sent.
 */
export interface MessageAck {
  id: string;
  seq: number;
  createdAt: string;
  message: Message;
}

/** The shopper's details the widget may use (`visitor:profile`). */
export interface VisitorProfile {
  email: string;
}

export interface TypingNotice {
  conversationId: string;
  author: Author;
  typing: boolean;
  /** An agent writing an internal note: shown to other agents only. */
  internal?: boolean;
}

export interface SeenNotice {
  conversationId: string;
  /** For `by: 'agent'` in the reader's numbering; for `by: 'visitor'` in the shopper's (see `Message.seq`). */
  seq: number;
  /** Which side has seen up to `seq`. */
  by: 'visitor' | 'agent';
}

// ---------------------------------------------------------------- /visitor

export interface VisitorClientToServerEvents {
  'conversation:start': (payload: ConversationStartPayload, ack: AckFn<{ conversation: VisitorConversation }>) => void;
  'conversation:list': (payload: Record<string, never>, ack: AckFn<{ conversations: VisitorConversation[] }>) => void;
  'conversation:history': (
    payload: HistoryPayload,
    ack: AckFn<{ conversation: VisitorConversation } & ConversationReplay>,
  ) => void;
  'message:send': (payload: MessageSendPayload, ack: AckFn<MessageAck>) => void;
  'messages:seen': (payload: SeenPayload, ack?: AckFn<Record<string, never>>) => void;
  typing: (payload: TypingPayload, ack?: AckFn<Record<string, never>>) => void;
  sync: (payload: SyncPayload, ack: AckFn<{ replays: ConversationReplay[] }>) => void;
  /** Rates a resolved (or closed) conversation 1–5, with an optional comment; a new rating replaces the last. */
  'conversation:rate': (payload: RatePayload, ack?: AckFn<{ conversation: VisitorConversation }>) => void;
  /** The page the shopper is on (sent by the widget on load and navigation); agents see the trail. */
  'visitor:page': (payload: PagePayload, ack?: AckFn<Record<string, never>>) => void;
  /** Tells who the shopper is; verified only with a valid `userHash`. */
  'visitor:identify': (payload: IdentityPayload, ack?: AckFn<{ verified: boolean }>) => void;
}

export interface VisitorServerToClientEvents {
  /** Sent once after connecting when the server issued a new visitor token: keep it. */
  'visitor:session': (session: { visitorId: string; token: string }) => void;
  /**
   * What the server holds about the shopper for the widget: the e-mail it will write to (from the
   * page's identity, the away form, or told to the bot). Sent after connecting when there is one,
   * and to every tab whenever it changes; the widget then does not ask for it again.
   */
  'visitor:profile': (profile: VisitorProfile) => void;
  'message:new': (message: Message) => void;
  'conversation:updated': (conversation: VisitorConversation) => void;
  /**
   * The server may have missed live events (its link to the other processes was down): sync every
   * conversation held. Clients also sync on their own whenever a seq skips past what they hold.
   */
  resync: () => void;
  typing: (notice: TypingNotice) => void;
  'messages:seen': (notice: SeenNotice) => void;
  /**
   * How many of the site's agents are online: sent after connecting and whenever an agent of the
   * site comes online or goes away, so the widget's away notice follows the team, not the config it
   * loaded.
   */
  availability: (availability: { agentsOnline: number }) => void;
}

// ---------------------------------------------------------------- /agent

export interface AgentClientToServerEvents {
  'conversation:join': (
    payload: HistoryPayload,
    ack: AckFn<{ conversation: AgentConversation } & ConversationReplay>,
  ) => void;
  'conversation:leave': (payload: ConversationRefPayload, ack?: AckFn<Record<string, never>>) => void;
  'message:send': (payload: AgentMessageSendPayload, ack: AckFn<MessageAck>) => void;
  'messages:seen': (payload: SeenPayload, ack?: AckFn<Record<string, never>>) => void;
  typing: (payload: AgentTypingPayload, ack?: AckFn<Record<string, never>>) => void;
  'conversation:takeover': (payload: ConversationRefPayload, ack: AckFn<{ conversation: AgentConversation }>) => void;
  'conversation:assign': (payload: AssignPayload, ack: AckFn<{ conversation: AgentConversation }>) => void;
  'conversation:status': (payload: StatusChangePayload, ack: AckFn<{ conversation: AgentConversation }>) => void;
  'conversation:priority': (payload: PriorityChangePayload, ack: AckFn<{ conversation: AgentConversation }>) => void;
  /** Pending until `until`, then open again (a shopper writing wakes it earlier). */
  'conversation:snooze': (payload: SnoozePayload, ack: AckFn<{ conversation: AgentConversation }>) => void;
  'presence:set': (payload: PresencePayload, ack?: AckFn<Record<string, never>>) => void;
  sync: (payload: SyncPayload, ack: AckFn<{ replays: ConversationReplay[] }>) => void;
}

export interface AgentServerToClientEvents {
  /** A colleague on one of the agent's sites went online or away (also when their last tab closed). */
  'agent:presence': (notice: { agentId: string; presence: 'online' | 'away' }) => void;
  'message:new': (message: Message) => void;
  'conversation:updated': (conversation: AgentConversation) => void;
  /** As on `/visitor`: sync the open conversation and reload the inbox lists. */
  resync: () => void;
  typing: (notice: TypingNotice) => void;
  'messages:seen': (notice: SeenNotice) => void;
  /** Who has the conversation open, sent to its room whenever an agent joins or leaves it. */
  'conversation:viewers': (notice: ViewersNotice) => void;
}

/** Every event name a client may emit, per namespace (for validation tables and fuzzing). */
export const VISITOR_CLIENT_EVENTS = [
  'conversation:start',
  'conversation:list',
  'conversation:history',
  'message:send',
  'messages:seen',
  'typing',
  'sync',
  'visitor:identify',
  'conversation:rate',
  'visitor:page',
] as const satisfies readonly (keyof VisitorClientToServerEvents)[];

export const AGENT_CLIENT_EVENTS = [
  'conversation:join',
  'conversation:leave',
  'message:send',
  'messages:seen',
  'typing',
  'conversation:takeover',
  'conversation:assign',
  'conversation:status',
  'conversation:priority',
  'conversation:snooze',
  'presence:set',
  'sync',
] as const satisfies readonly (keyof AgentClientToServerEvents)[];
