import type { Server } from 'socket.io';
import { NAMESPACES, type AgentConversation, type Message, type SeenNotice, type TypingNotice, type VisitorConversation, type VisitorProfile } from '@sportello/protocol';
import type { ConversationNotifier, ConversationRef } from '../services/conversation-notifier';
import { toVisitorMessage } from '../services/conversation-view';
import { rooms } from './rooms';

/**
 * Turns service notices into Socket.IO emits. Visitors get their own public messages only
 * (internal notes never reach the `/visitor` namespace); agents get everything of their sites.
 */
export class SocketBroadcaster implements ConversationNotifier {
  constructor(private readonly io: Server) {}

  private visitors(visitorId: string, origin?: string) {
    const target = this.io.of(NAMESPACES.visitor).to(rooms.visitor(visitorId));
    return origin ? target.except(origin) : target;
  }

  private agents(targets: string[], origin?: string) {
    const target = this.io.of(NAMESPACES.agent).to(targets);
    return origin ? target.except(origin) : target;
  }

  messageStored(ref: ConversationRef, message: Message, origin?: string): void {
    this.agents([rooms.conversation(ref.id), rooms.site(ref.siteId)], origin).emit('message:new', message);
    const visible = toVisitorMessage(message);
    if (visible) this.visitors(ref.visitorId, origin).emit('message:new', visible);
  }

  conversationChanged(conversation: AgentConversation, visible: VisitorConversation, visitorId: string): void {
    this.agents([rooms.conversation(conversation.id), rooms.site(conversation.siteId)]).emit('conversation:updated', conversation);
    this.visitors(visitorId).emit('conversation:updated', visible);
  }

  typing(ref: ConversationRef, notice: TypingNotice, origin?: string): void {
    // Agents always see who types (the shopper, or a colleague: collision); the shopper sees agents.
    this.agents([rooms.conversation(ref.id)], origin).emit('typing', notice);
    if (notice.author.type !== 'visitor' && !notice.internal) this.visitors(ref.visitorId, origin).emit('typing', notice);
  }

  seen(ref: ConversationRef, notice: SeenNotice, visitorSeq: number, origin?: string): void {
    this.agents([rooms.conversation(ref.id)], origin).emit('messages:seen', notice);
    this.visitors(ref.visitorId, origin).emit('messages:seen', { ...notice, seq: visitorSeq });
  }

  visitorProfile(visitorId: string, profile: VisitorProfile): void {
    this.visitors(visitorId).emit('visitor:profile', profile);
  }
}
