import { agentAuthor } from './agent-author';
import { and, eq } from 'drizzle-orm';
import { conversations, returns, type Database } from '@sportello/db';
import { AppError } from '../app-error';
import type { ConversationService } from './conversation-service';
import { toReturnView, type ReturnView } from './context-service';
import { canAccessSite, type AgentPrincipal } from './principal';

const DECISION_TEXT: Record<string, Record<'approved' | 'rejected', (reference: string) => string>> = {
  en: {
    approved: (r) => `Good news: your return ${r} has been approved. You will receive the label and instructions by e-mail.`,
    rejected: (r) => `Your return ${r} could not be approved. An agent will explain why in this chat.`,
  },
  it: {
    approved: (r) => `Buone notizie: il tuo reso ${r} è stato approvato. Riceverai l'etichetta e le istruzioni via e-mail.`,
    rejected: (r) => `Il tuo reso ${r} non può essere approvato. Un operatore ti spiegherà il motivo in questa chat.`,
  },
};

/** Returns waiting for an agent's approval (above the site's auto-approve limit). */
export class ReturnService {
  constructor(
    private readonly db: Database,
    private readonly conversations: ConversationService,
  ) {}

  /** Approves or rejects a pending return and tells the shopper in its conversation. */
  async decide(agent: AgentPrincipal, id: string, decision: 'approved' | 'rejected'): Promise<ReturnView> {
    const [row] = await this.db.select().from(returns).where(eq(returns.id, id));
    if (!row || !canAccessSite(agent, row.siteId)) throw new AppError('NOT_FOUND', 'No such return.');
    const [updated] = await this.db
      .update(returns)
      .set({ status: decision, updatedAt: new Date() })
      .where(and(eq(returns.id, id), eq(returns.status, 'pending_approval')))
      .returning();
    if (!updated) throw new AppError('CONFLICT', `This return is ${row.status.replace('_', ' ')}, not waiting for approval.`);
    if (updated.conversationId) {
      const [conversation] = await this.db.select({ locale: conversations.locale, status: conversations.status }).from(conversations).where(eq(conversations.id, updated.conversationId));
      if (conversation && conversation.status !== 'closed') {
        const texts = DECISION_TEXT[conversation.locale === 'it' ? 'it' : 'en']!;
        await this.conversations.send({
          conversationId: updated.conversationId,
          clientId: `return-${updated.id}-${decision}`,
          body: texts[decision](updated.reference),
          author: await agentAuthor(this.db, agent.id),
        });
      }
    }
    return toReturnView(updated);
  }
}
