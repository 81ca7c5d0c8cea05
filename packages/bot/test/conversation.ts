import { decide } from '../src/decision';
import { KnowledgeIndex } from '../src/knowledge-index';
import type { BotDecision, BotSite, BotState, BotVisitor } from '../src/model';
import { demoOrders } from '../src/testing/demo-orders';
import { DEMO_SITE, demoProducts } from '../src/testing/evaluation';
import { loadKnowledgeBase } from '../src/testing/kb-fixture';
import { MemoryOrderSource } from '../src/testing/memory-order-source';

let sharedIndex: KnowledgeIndex | null = null;
/** The demo knowledge base, built once per test file. */
export function demoIndex(): KnowledgeIndex {
  sharedIndex ??= new KnowledgeIndex(loadKnowledgeBase());
  return sharedIndex;
}

export const NOW = new Date('2026-11-24T10:00:00Z');

export interface ConversationOptions {
  locale?: 'en' | 'it';
  visitor?: Partial<BotVisitor>;
  site?: Partial<BotSite>;
  /** With the demo catalogue (products, variants and stock). */
  catalogue?: boolean;
}

/**
 * A conversation with the bot, turn by turn, over the in-memory demo orders. The state goes
 * through JSON between turns, as it does through the database.
 */
export function conversation(options: ConversationOptions = {}) {
  const orders = new MemoryOrderSource(demoOrders(NOW), () => NOW);
  const site: BotSite = { ...DEMO_SITE, defaultLocale: options.locale ?? 'en', ...options.site };
  const visitor: BotVisitor = { verified: false, customerId: null, email: null, ...options.visitor };
  let state: BotState | null = null;
  const turns: BotDecision[] = [];
  return {
    orders,
    turns,
    async say(text: string): Promise<BotDecision> {
      const shop = options.catalogue ? demoProducts() : null;
      const decision = await decide({ state, text, locale: options.locale ?? 'en', site, visitor, knowledgeBase: demoIndex(), orders, catalogue: shop?.catalogue ?? null, products: shop?.products ?? null, now: NOW });
      state = JSON.parse(JSON.stringify(decision.state)) as BotState;
      turns.push(decision);
      return decision;
    },
    get state() {
      return state;
    },
  };
}

/** All reply bodies of a decision, joined. */
export function text(decision: BotDecision): string {
  return decision.replies.map((r) => r.body).join('\n');
}

export function quickReplies(decision: BotDecision): string[] {
  return decision.replies.flatMap((r) => r.payload?.quickReplies?.map((q) => q.label) ?? []);
}

export function card(decision: BotDecision) {
  return decision.replies.map((r) => r.payload?.card).find((c) => c !== undefined);
}
