import type { AgentConversation, Message, SeenNotice, TypingNotice, VisitorConversation, VisitorProfile } from '@sportello/protocol';

/** Where a conversation lives, for routing its notices. */
export interface ConversationRef {
  id: string;
  siteId: string;
  visitorId: string;
}

/**
 * The seam between the services (which store) and the realtime layer (which emits). The services
 * call it only after a commit. `origin` is the socket that caused a message, typing or seen notice,
 * which already has the answer in its ack and is skipped; conversation changes go to everyone.
 */
export interface ConversationNotifier {
  /** `message` as agents see it (with `visitorSeq`); the shopper gets it in their numbering, notes never. */
  messageStored(ref: ConversationRef, message: Message, origin?: string): void;
  /** The conversation in each audience's view. */
  conversationChanged(conversation: AgentConversation, visible: VisitorConversation, visitorId: string): void;
  typing(ref: ConversationRef, notice: TypingNotice, origin?: string): void;
  /** `notice` as agents get it; `visitorSeq` its position as the shopper gets it (the same for `by: 'visitor'`). */
  seen(ref: ConversationRef, notice: SeenNotice, visitorSeq: number, origin?: string): void;
  /** What the widget may know of the shopper changed (e.g. an e-mail told to the bot): to every tab of theirs. */
  visitorProfile(visitorId: string, profile: VisitorProfile): void;
}

/** A notifier that records what it was told: the default before sockets attach, and a test fake. */
export class RecordingNotifier implements ConversationNotifier {
  readonly notices: { kind: string; ref?: ConversationRef; payload: unknown }[] = [];
  messageStored(ref: ConversationRef, message: Message): void {
    this.notices.push({ kind: 'message', ref, payload: message });
  }
  conversationChanged(conversation: AgentConversation): void {
    this.notices.push({ kind: 'conversation', payload: conversation });
  }
  typing(ref: ConversationRef, notice: TypingNotice): void {
    this.notices.push({ kind: 'typing', ref, payload: notice });
  }
  seen(ref: ConversationRef, notice: SeenNotice): void {
    this.notices.push({ kind: 'seen', ref, payload: notice });
  }
  visitorProfile(visitorId: string, profile: VisitorProfile): void {
    this.notices.push({ kind: 'profile', payload: { visitorId, ...profile } });
  }
}
