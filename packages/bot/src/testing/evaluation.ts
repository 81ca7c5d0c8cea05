import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decide } from '../decision';
import { KnowledgeIndex } from '../knowledge-index';
import type { OrderSource } from '@sportello/protocol';
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

/** The labelled development set, in `shared/` beside the repository (as CI checks it out). */
export const DEFAULT_CASES = fileURLToPath(new URL('../../../../../shared/bot-dev/cases.jsonl', import.meta.url));

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
export function labelOf(decision: BotDecision, topic: (articleId: string) => string = topicOf): string {
  if (decision.intent === 'faq') {
    const id = decision.articleIds[0];
    return id && !decision.uncertain ? `faq:${topic(id)}` : 'handoff';
  }
  return decision.intent;
}

export interface EvaluationOptions {
  /** Default: the demo knowledge base from the server's seed files. */
  index?: KnowledgeIndex;
  /** Default: the demo site's settings. */
  site?: BotSite;
  /** Default: the demo orders in memory. */
  orders?: OrderSource;
  /** The topic an article answers, for `faq:<topic>` labels. Default: the seed file's name. */
  topicOf?: (articleId: string) => string;
}

/**
 * Runs every case as the first message of a fresh conversation of an unverified shopper, with no
 * locale hint: the bot must tell the language from the message (the site's default is English).
 */
export async function evaluate(cases: DevCase[], options: EvaluationOptions = {}): Promise<CaseResult[]> {
  const now = new Date('2026-11-24T10:00:00Z');
  const index = options.index ?? new KnowledgeIndex(loadKnowledgeBase());
  const orders = options.orders ?? new MemoryOrderSource(demoOrders(now), () => now);
  const site = options.site ?? DEMO_SITE;
  const results: CaseResult[] = [];
  for (const c of cases) {
    const input: BotInput = {
      state: null,
      text: c.text,
      locale: null,
      site,
      visitor: { verified: false, customerId: null, email: null },
      knowledgeBase: index,
      orders,
      now,
    };
    const decision = await decide(input);
    const got = labelOf(decision, options.topicOf);
    const confidentlyWrong = got.startsWith('faq:') && got !== c.expect && (c.expect === 'handoff' || c.expect === 'out_of_scope' || c.expect.startsWith('faq:'));
    results.push({ ...c, got, correct: got === c.expect, confidentlyWrong, decision });
  }
  return results;
}

export function accuracy(results: CaseResult[]): number {
  return results.length ? results.filter((r) => r.correct).length / results.length : 0;
}

/** The printed report: accuracy per language and label, the confusion between labels, and the confidently-wrong rate. */
export function formatReport(results: CaseResult[], options: { errors?: boolean } = {}): string {
  const lines: string[] = [];
  const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
  const group = (key: (r: CaseResult) => string) => {
    const map = new Map<string, CaseResult[]>();
    for (const r of results) map.set(key(r), [...(map.get(key(r)) ?? []), r]);
    return [...map.entries()].sort(([a], [b]) => a.localeCompare(b));
  };
  lines.push('per language');
  for (const [lang, rs] of group((r) => r.lang)) {
    const wrong = rs.filter((r) => r.confidentlyWrong).length;
    lines.push(`  ${lang}  ${pct(accuracy(rs)).padStart(6)}  (${rs.filter((r) => r.correct).length}/${rs.length})  confidently wrong ${pct(wrong / rs.length)} (${wrong})`);
  }
  const wrongAll = results.filter((r) => r.confidentlyWrong).length;
  lines.push(`  all ${pct(accuracy(results)).padStart(6)}  (${results.filter((r) => r.correct).length}/${results.length})  confidently wrong ${pct(wrongAll / Math.max(1, results.length))} (${wrongAll})`, '');
  lines.push('per label (en / it)');
  for (const [label, rs] of group((r) => r.expect)) {
    const fmt = (xs: CaseResult[]) => (xs.length ? `${xs.filter((r) => r.correct).length}/${xs.length}` : '-').padStart(6);
    lines.push(`  ${label.padEnd(28)} ${pct(accuracy(rs)).padStart(6)}   en ${fmt(rs.filter((r) => r.lang === 'en'))}   it ${fmt(rs.filter((r) => r.lang === 'it'))}`);
  }
  lines.push('', 'confusion (expected → got: count)');
  const confusion = new Map<string, number>();
  for (const r of results) if (!r.correct) confusion.set(`${r.expect} → ${r.got}`, (confusion.get(`${r.expect} → ${r.got}`) ?? 0) + 1);
  for (const [pair, n] of [...confusion.entries()].sort((a, b) => b[1] - a[1])) lines.push(`  ${String(n).padStart(3)}  ${pair}`);
  if (options.errors) {
    lines.push('', 'errors');
    for (const r of results) if (!r.correct) lines.push(`  ${r.id} ${r.expect} → ${r.got}${r.confidentlyWrong ? ' (CONFIDENTLY WRONG)' : ''}: ${r.text}`);
  }
  return lines.join('\n');
}
