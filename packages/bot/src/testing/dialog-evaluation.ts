import { readFileSync } from 'node:fs';
import type { Card, OrderSource, ProductSource } from '@sportello/protocol';
import { decide } from '../decision';
import { KnowledgeIndex } from '../knowledge-index';
import { fold } from '../normaliser';
import type { ProductCatalogue } from '../product-catalogue';
import type { BotDecision, BotSite, BotState, BotVisitor, KbArticle } from '../model';
import { demoOrders } from './demo-orders';
import { DEMO_SITE, demoProducts, EVAL_NOW, tagTopics, type DevCase } from './evaluation';
import { loadKnowledgeBase } from './kb-fixture';
import { MemoryOrderSource } from './memory-order-source';

/** What one turn of a dialog file says must hold of the bot's reply (see test/dialogs/README.md). */
export interface TurnExpectation {
  intent?: string;
  intents?: string[];
  asks?: string;
  card?: Card['type'];
  created?: boolean;
  facts?: string[];
  absent?: string[];
  handoff?: string | false;
  lang?: 'en' | 'it';
  email_known?: string;
}

export interface DialogCase {
  id: string;
  lang: 'en' | 'it';
  title?: string;
  visitor?: Partial<BotVisitor>;
  site?: { agentsOnline?: boolean; nextOpening?: string | null };
  turns: { shopper: string; bot: TurnExpectation }[];
}

export interface TurnResult {
  dialogId: string;
  index: number;
  shopper: string;
  expect: TurnExpectation;
  /** What did not hold, in words; empty when the turn is right. */
  failures: string[];
  confidentlyWrong: boolean;
  decision: BotDecision;
}

export interface DialogResult {
  dialog: DialogCase;
  turns: TurnResult[];
  correct: boolean;
}

/** A line of a labelled file: a dialog (it has `turns`) or a single message. */
export function readLabelled(path: string): { dialogs: DialogCase[]; cases: DevCase[] } {
  const dialogs: DialogCase[] = [];
  const cases: DevCase[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const value = JSON.parse(line) as DialogCase | DevCase;
    if ('turns' in value) dialogs.push(value);
    else cases.push(value);
  }
  return { dialogs, cases };
}

export interface DialogEvaluationOptions {
  index?: KnowledgeIndex;
  /** Every article of the index, to read each answer's `topic:` tag and locale. */
  articles?: KbArticle[];
  site?: BotSite;
  /** A fresh order source per dialog (returns created in one dialog stay in it). */
  orders?: () => OrderSource;
  catalogue?: ProductCatalogue | null;
  products?: ProductSource | null;
  now?: Date;
}

/**
 * Plays each dialog turn by turn as the server would (state through JSON, an e-mail the bot
 * learned is kept on the visitor), with no locale hint, and checks each turn's expectations.
 */
export async function evaluateDialogs(dialogs: DialogCase[], options: DialogEvaluationOptions = {}): Promise<DialogResult[]> {
  const now = options.now ?? EVAL_NOW;
  const articles = options.articles ?? loadKnowledgeBase();
  const index = options.index ?? new KnowledgeIndex(articles);
  const byId = new Map(articles.map((a) => [a.id, a]));
  const topicOf = tagTopics(articles);
  const demo = options.catalogue === undefined ? demoProducts() : null;
  const results: DialogResult[] = [];
  for (const dialog of dialogs) {
    const orders = options.orders?.() ?? new MemoryOrderSource(demoOrders(now), () => now);
    const base = options.site ?? DEMO_SITE;
    const site: BotSite = {
      ...base,
      humanAvailability: { agentsOnline: dialog.site?.agentsOnline ?? true, nextOpening: dialog.site?.nextOpening ?? null },
    };
    const visitor: BotVisitor = { verified: false, customerId: null, email: null, ...dialog.visitor };
    let state: BotState | null = null;
    const turns: TurnResult[] = [];
    for (const [i, turn] of dialog.turns.entries()) {
      const returnsBefore = orders instanceof MemoryOrderSource ? orders.returns.length : 0;
      const decision = await decide({
        state,
        text: turn.shopper,
        locale: null,
        site,
        visitor,
        knowledgeBase: index,
        orders,
        catalogue: options.catalogue ?? demo?.catalogue ?? null,
        products: options.products ?? demo?.products ?? null,
        now,
        conversationId: `eval-${dialog.id}`,
      });
      state = JSON.parse(JSON.stringify(decision.state)) as BotState;
      if (decision.visitorEmail) visitor.email = decision.visitorEmail;
      const created = orders instanceof MemoryOrderSource ? orders.returns.length > returnsBefore : decision.replies.some((r) => r.payload?.card?.type === 'return');
      const expected = { ...turn.bot, lang: turn.bot.lang ?? dialog.lang };
      const check = checkTurn(expected, decision, { created, emailKnown: visitor.email ?? decision.state.email ?? null, topicOf, localeOf: (id) => byId.get(id)?.locale ?? null });
      turns.push({ dialogId: dialog.id, index: i, shopper: turn.shopper, expect: turn.bot, ...check, decision });
    }
    results.push({ dialog, turns, correct: turns.every((t) => t.failures.length === 0) });
  }
  return results;
}

/** The labels of what a decision answered, in order: `faq:<topic>`, `order_status`, … */
export function answeredLabels(decision: BotDecision, topicOf: (id: string) => string): string[] {
  const parts = decision.answers.length ? decision.answers : [{ intent: decision.intent, articleId: decision.articleIds[0] ?? null }];
  return parts.map((p) => (p.intent === 'faq' ? (p.articleId && !decision.uncertain ? `faq:${topicOf(p.articleId)}` : 'handoff') : p.intent));
}

/** Every word the shopper sees: the bodies and the cards' texts. */
export function visibleText(decision: BotDecision): string {
  const parts: string[] = [];
  for (const reply of decision.replies) {
    parts.push(reply.body);
    const card = reply.payload?.card;
    if (card) parts.push(...Object.values(card).flatMap((v) => (Array.isArray(v) ? v.map((i) => (typeof i === 'object' ? Object.values(i as object).join(' ') : String(i))) : v === null ? [] : [String(v)])));
    for (const q of reply.payload?.quickReplies ?? []) parts.push(q.label);
  }
  return parts.join('\n');
}

const comparable = (s: string) => fold(s).replace(/\s+/g, ' ');

function checkTurn(
  expected: TurnExpectation,
  decision: BotDecision,
  context: { created: boolean; emailKnown: string | null; topicOf: (id: string) => string; localeOf: (id: string) => string | null },
): { failures: string[]; confidentlyWrong: boolean } {
  const failures: string[] = [];
  const labels = answeredLabels(decision, context.topicOf);
  const wanted = expected.intents ?? (expected.intent ? [expected.intent] : null);
  if (wanted) {
    const ok = expected.intents ? wanted.every((w, i) => labels[i] === w) && labels.length >= wanted.length : labels[0] === wanted[0] || (wanted[0] === 'handoff' && decision.handoff !== null);
    if (!ok) failures.push(`intent ${wanted.join(',')} got ${labels.join(',')}`);
  }
  if (expected.lang && decision.locale !== expected.lang) failures.push(`language ${expected.lang} got ${decision.locale}`);
  // An answer from the knowledge base must come from an article in the reply's language.
  for (const id of decision.articleIds) {
    const locale = context.localeOf(id);
    if (expected.lang && locale && !locale.startsWith(expected.lang)) failures.push(`article ${id} not in ${expected.lang}`);
  }
  if (expected.asks !== undefined) {
    const asks = decision.asks ?? 'none';
    if (asks !== expected.asks) failures.push(`asks ${expected.asks} got ${asks}`);
  }
  const cards = decision.replies.map((r) => r.payload?.card?.type).filter(Boolean);
  if (expected.card && !cards.includes(expected.card)) failures.push(`card ${expected.card} got ${cards.join(',') || 'none'}`);
  if (expected.created !== undefined && expected.created !== context.created) failures.push(expected.created ? 'no return created' : 'a return was created');
  const seen = comparable(visibleText(decision));
  for (const fact of expected.facts ?? []) {
    if (!fact.split('|').some((alt) => seen.includes(comparable(alt)))) failures.push(`fact "${fact}" missing`);
  }
  for (const word of expected.absent ?? []) {
    if (word.split('|').some((alt) => seen.includes(comparable(alt)))) failures.push(`"${word}" present`);
  }
  if (expected.handoff !== undefined) {
    const got = decision.handoff?.reason ?? false;
    if (expected.handoff === false ? got !== false : got === false || (typeof expected.handoff === 'string' && got !== expected.handoff && expected.handoff !== 'any')) {
      failures.push(`handoff ${expected.handoff} got ${got}`);
    }
  }
  if (expected.email_known && comparable(context.emailKnown ?? '') !== comparable(expected.email_known)) failures.push(`email_known ${expected.email_known} got ${context.emailKnown}`);
  const answeredFromKb = labels.some((l) => l.startsWith('faq:')) || cards.length > 0;
  const confidentlyWrong = failures.length > 0 && answeredFromKb && !!wanted && !wanted.some((w) => labels.includes(w));
  return { failures, confidentlyWrong };
}

/** Per-turn and per-dialog figures per language, and with `errors` each failing turn. */
export function formatDialogReport(results: DialogResult[], options: { errors?: boolean } = {}): string {
  const lines: string[] = [];
  const pct = (n: number, d: number) => `${((n / Math.max(1, d)) * 100).toFixed(1)}%`;
  for (const lang of ['en', 'it'] as const) {
    const rs = results.filter((r) => r.dialog.lang === lang);
    if (!rs.length) continue;
    const turns = rs.flatMap((r) => r.turns);
    const right = turns.filter((t) => t.failures.length === 0).length;
    const wrong = turns.filter((t) => t.confidentlyWrong).length;
    lines.push(
      `  ${lang}  dialogs ${pct(rs.filter((r) => r.correct).length, rs.length).padStart(6)} (${rs.filter((r) => r.correct).length}/${rs.length})` +
        `   turns ${pct(right, turns.length).padStart(6)} (${right}/${turns.length})   confidently wrong ${pct(wrong, turns.length)} (${wrong})`,
    );
  }
  if (options.errors) {
    lines.push('', 'failing turns');
    for (const r of results) {
      for (const t of r.turns) {
        if (t.failures.length) lines.push(`  ${t.dialogId}#${t.index + 1}${t.confidentlyWrong ? ' (CONFIDENTLY WRONG)' : ''} "${t.shopper}": ${t.failures.join('; ')}\n      → ${t.decision.replies.map((x) => x.body.replace(/\n+/g, ' ')).join(' ‖ ').slice(0, 300)}`);
      }
    }
  }
  return lines.join('\n');
}
