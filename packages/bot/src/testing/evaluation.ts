import { readFileSync } from 'node:fs';
import { decide } from '../decision';
import { KnowledgeIndex } from '../knowledge-index';
import type { BotDecision, BotInput, BotSite } from '../model';
import { demoOrders } from './demo-orders';
import { loadKnowledgeBase, topicOf } from './kb-fixture';
import { MemoryOrderSource } from './memory-order-source';

export interface DevCase {
  id: string;
  lang: 'en' | 'it';
  text: string;
  expect: string;
}

export interface CaseResult extends DevCase {
  got: string;
  correct: boolean;
  /** A knowledge-base answer where the label wanted a handoff, out of scope, or another topic. */
  confidentlyWrong: boolean;
  decision: BotDecision;
}

export const DEFAULT_CASES = '/work/shared/bot-dev/cases.jsonl';

/** The demo site the eval and the tests run against (the server's demo settings). */
export const DEMO_SITE: BotSite = {
  name: 'Sartoria Aurora',
  defaultLocale: 'en',
  returnPolicy: { windowDays: 30, nonReturnableTags: ['underwear', 'swimwear', 'earrings', 'gift-card', 'personalised', 'final-sale'], autoApproveLimitCents: 15_000 },
  humanAvailability: { agentsOnline: true, nextOpening: null },
  timeZone: 'Europe/Rome',
};

export function readCases(path: string = DEFAULT_CASES): DevCase[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as DevCase);
}

/** The eval label of a decision: `faq:<topic>`, a low-confidence offer counts as `handoff`. */
export function labelOf(decision: BotDecision): string {
  if (decision.intent === 'faq') {
    const id = decision.articleIds[0];
    return id && !decision.uncertain ? `faq:${topicOf(id)}` : 'handoff';
  }
  return decision.intent;
}

/**
 * Runs every case as the first message of a fresh conversation. The site locale is deliberately
 * the other language than the case's, so short messages must be recognised, not defaulted.
 */
export async function evaluate(cases: DevCase[], index = new KnowledgeIndex(loadKnowledgeBase())): Promise<CaseResult[]> {
  const now = new Date('2026-11-24T10:00:00Z');
  const orders = new MemoryOrderSource(demoOrders(now), () => now);
  const results: CaseResult[] = [];
  for (const c of cases) {
    const input: BotInput = {
      state: null,
      text: c.text,
      locale: c.lang,
      site: DEMO_SITE,
      visitor: { verified: false, customerId: null, email: null },
      knowledgeBase: index,
      orders,
      now,
    };
    const decision = await decide(input);
    const got = labelOf(decision);
    const confidentlyWrong = got.startsWith('faq:') && got !== c.expect && (c.expect === 'handoff' || c.expect === 'out_of_scope' || c.expect.startsWith('faq:'));
    results.push({ ...c, got, correct: got === c.expect, confidentlyWrong, decision });
  }
  return results;
}

export function accuracy(results: CaseResult[]): number {
  return results.length ? results.filter((r) => r.correct).length / results.length : 0;
}
