import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decide } from '../decision';
import { KnowledgeIndex } from '../knowledge-index';
import type { OrderSource, ProductSource } from '@sportello/protocol';
import { ProductCatalogue } from '../product-catalogue';
import { summaryOf } from '@sportello/protocol';
import { loadDemoCatalogue, MemoryProductSource } from './demo-catalogue';
import type { BotDecision, BotInput, BotSite, KbArticle } from '../model';
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
  /**
   * Strict: the label matches, the reply is in the case's language, and a knowledge-base answer
   * comes from an article tagged with the case's topic in the case's language.
   */
  correct: boolean;
  /** The label alone matches (what the score read before it was strict). */
  intentCorrect: boolean;
  /** A knowledge-base answer where the label wanted a handoff, out of scope, or another topic. */
  confidentlyWrong: boolean;
  decision: BotDecision;
}

/** The labelled development set, in `shared/` beside the repository (as CI checks it out). */
export const DEFAULT_CASES = fileURLToPath(new URL('../../../../../shared/bot-dev/cases.jsonl', import.meta.url));

/** The clock of the eval, the tests and the dialog set: Tuesday 24 November 2026, 11:00 in Rome. */
export const EVAL_NOW = new Date('2026-11-24T10:00:00Z');

/** The demo site the eval and the tests run against (the server's demo settings). */
export const DEMO_SITE: BotSite = {
  name: 'Sartoria Aurora',
  defaultLocale: 'en',
  returnPolicy: {
    windowDays: 30,
    nonReturnableTags: ['underwear', 'swimwear', 'earrings', 'gift-card', 'personalised', 'final-sale'],
    autoApproveLimitCents: 15_000,
    sizeExchanges: true,
    labelByEmail: true,
  },
  humanAvailability: { agentsOnline: true, nextOpening: null },
  timeZone: 'Europe/Rome',
};

let demoShared: { catalogue: ProductCatalogue; products: MemoryProductSource } | null = null;
/** The demo catalogue and its in-memory source, built once. */
export function demoProducts(): { catalogue: ProductCatalogue; products: MemoryProductSource } {
  if (!demoShared) {
    const all = loadDemoCatalogue();
    demoShared = { catalogue: new ProductCatalogue(all.map(summaryOf)), products: new MemoryProductSource(all) };
  }
  return demoShared;
}

export function readCases(path: string = DEFAULT_CASES): DevCase[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as DevCase);
}

/** The eval label of a decision: `faq:<topic>`, a low-confidence offer counts as `handoff`. */
export function labelOf(decision: BotDecision, topic: (articleId: string) => string = topicOf): string {
  const first = decision.answers[0];
  const intent = first?.intent ?? decision.intent;
  if (intent === 'faq') {
    const id = first ? first.articleId : decision.articleIds[0];
    return id && !decision.uncertain ? `faq:${topic(id)}` : 'handoff';
  }
  return intent;
}

/** The topic of an article: its `topic:<name>` tag, else its id. */
export function tagTopics(articles: KbArticle[]): (articleId: string) => string {
  const byId = new Map(articles.map((a) => [a.id, a.tags.find((t) => t.startsWith('topic:'))?.slice(6) ?? a.id]));
  return (id) => byId.get(id) ?? id;
}

export interface EvaluationOptions {
  /** Default: the demo knowledge base from the server's seed files. */
  index?: KnowledgeIndex;
  /** The articles of `index`, for each answer's topic tag and locale. Default: the demo ones. */
  articles?: KbArticle[];
  /** Default: the demo site's settings. */
  site?: BotSite;
  /** Default: the demo orders in memory. */
  orders?: OrderSource;
  /** The topic an article answers, for `faq:<topic>` labels. Default: its `topic:` tag. */
  topicOf?: (articleId: string) => string;
  catalogue?: ProductCatalogue | null;
  products?: ProductSource | null;
}

/**
 * Runs every case as the first message of a fresh conversation of an unverified shopper, with no
 * locale hint: the bot must tell the language from the message (the site's default is English).
 */
export async function evaluate(cases: DevCase[], options: EvaluationOptions = {}): Promise<CaseResult[]> {
  const now = EVAL_NOW;
  const articles = options.articles ?? loadKnowledgeBase();
  const index = options.index ?? new KnowledgeIndex(articles);
  const topic = options.topicOf ?? tagTopics(articles);
  const localeOf = new Map(articles.map((a) => [a.id, a.locale.slice(0, 2).toLowerCase()]));
  const orders = options.orders ?? new MemoryOrderSource(demoOrders(now), () => now);
  const site = options.site ?? DEMO_SITE;
  const demo = options.catalogue === undefined ? demoProducts() : null;
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
      catalogue: options.catalogue ?? demo?.catalogue ?? null,
      products: options.products ?? demo?.products ?? null,
      now,
    };
    const decision = await decide(input);
    const got = labelOf(decision, topic);
    const intentCorrect = got === c.expect;
    const articleLocale = got.startsWith('faq:') ? localeOf.get(decision.answers[0]?.articleId ?? decision.articleIds[0] ?? '') : c.lang;
    const correct = intentCorrect && decision.locale === c.lang && articleLocale === c.lang;
    const confidentlyWrong = (got.startsWith('faq:') || got === 'product') && got !== c.expect && (c.expect === 'handoff' || c.expect === 'out_of_scope' || c.expect.startsWith('faq:') || c.expect === 'product');
    results.push({ ...c, got, correct, intentCorrect, confidentlyWrong, decision });
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
  lines.push('per language (strict: label, reply language and the answering article\'s topic tag and language)');
  for (const [lang, rs] of group((r) => r.lang)) {
    const wrong = rs.filter((r) => r.confidentlyWrong).length;
    const byIntent = rs.filter((r) => r.intentCorrect).length / rs.length;
    lines.push(`  ${lang}  ${pct(accuracy(rs)).padStart(6)}  (${rs.filter((r) => r.correct).length}/${rs.length})  by intent alone ${pct(byIntent)}  confidently wrong ${pct(wrong / rs.length)} (${wrong})`);
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
  for (const r of results) {
    if (r.correct) continue;
    const key = `${r.expect} → ${r.got}${r.intentCorrect ? ' in the wrong language' : ''}`;
    confusion.set(key, (confusion.get(key) ?? 0) + 1);
  }
  for (const [pair, n] of [...confusion.entries()].sort((a, b) => b[1] - a[1])) lines.push(`  ${String(n).padStart(3)}  ${pair}`);
  if (options.errors) {
    lines.push('', 'errors');
    for (const r of results) {
      if (r.correct) continue;
      const how = r.intentCorrect ? ` (reply in ${r.decision.locale}${r.decision.articleIds[0] ? `, ${r.decision.articleIds[0]}` : ''})` : '';
      lines.push(`  ${r.id} ${r.expect} → ${r.got}${how}${r.confidentlyWrong ? ' (CONFIDENTLY WRONG)' : ''}: ${r.text}`);
    }
  }
  return lines.join('\n');
}
