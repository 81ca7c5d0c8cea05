import { toBotLocale } from './language';
import { fold } from './normaliser';
import { advanceDialog, fillsSlot, newDialog, remindDialog, type DialogInput, type DialogStep } from './order-dialog';
import { formatOpening, PHRASEBOOK } from './phrasebook';
import { TRUSTED_STEERS, understand, type Understanding } from './understanding';
import type { KbMatch } from './knowledge-index';
import type { BotDecision, BotInput, BotIntent, BotLocale, BotReply, BotState, HandoffReason } from './model';

/** Messages without any shop word need this much confidence before the knowledge base answers. */
const OFF_DOMAIN_CONFIDENCE = 0.8;
/** When the message names its topic plainly ("warranty", "discount code"), this is enough. */
const STEERED_CONFIDENCE = 0.15;
/** Requests the bot hands off by default but a knowledge-base article may answer, and the confidence it must reach. */
const DOCUMENTABLE = new Set(['gift_wrap', 'shop_info', 'pre_order', 'custom_work']);
const DOCUMENTED_CONFIDENCE = 0.6;
/** Frustration points over a conversation (swearing 1, anger 2) after which a person takes over. */
const FRUSTRATION_LIMIT = 3;

/** A fresh state for a new conversation. */
export function initialState(locale: BotLocale): BotState {
  return { version: 1, locale, dialog: null, lowConfidenceStreak: 0, frustration: 0, handedOff: false, awaitingContactEmail: false, contactEmail: null, pendingHandoff: null };
}

/**
 * The bot's decision for one shopper message: what to reply, whether to hand off, and the state
 * to store for the next turn. Deterministic for the same input (including `now`); the only I/O is
 * through `input.orders`, and an `OrderSourceError` there becomes a handoff, never a throw.
 */
export async function decide(input: BotInput): Promise<BotDecision> {
  const fallback = input.state?.locale ?? toBotLocale(input.locale, toBotLocale(input.site.defaultLocale));
  const prev: BotState = input.state ? { ...initialState(fallback), ...input.state } : initialState(fallback);
  const u = understand(input.text, fallback, input.knowledgeBase.speller);
  const state: BotState = { ...prev, locale: u.locale, frustration: prev.frustration + u.frustration };
  const out = new Outcome(input, state, u.locale);

  // After a handoff with agents offline, the next message may be the e-mail we asked for.
  if (prev.awaitingContactEmail) {
    state.awaitingContactEmail = false;
    const email = u.entities.emails[0];
    if (email) {
      state.contactEmail = email;
      return out.say('handoff', [{ body: PHRASEBOOK[u.locale].contactEmailThanks(email) }]).done();
    }
  }
  if (u.route.kind !== 'handoff' && state.frustration >= FRUSTRATION_LIMIT && u.frustration > 0) return out.handoff('frustration').done();

  const slots: DialogInput = { orderNumbers: u.entities.orderNumbers, emails: u.entities.emails, folded: fold(input.text), returnReason: u.returnReason };
  const dialog = prev.dialog;
  if (dialog) {
    const route = u.route.kind;
    if (isCancel(slots.folded)) {
      state.dialog = null;
      return out.say('smalltalk', [{ body: PHRASEBOOK[u.locale].dialogCancelled, payload: { quickReplies: PHRASEBOOK[u.locale].steer } }]).done();
    }
    // "Actually I want to return it": a new request in words (not just a number) switches dialog,
    // keeping the order already verified.
    const switchesDialog = (route === 'order_status' || route === 'return') && route !== dialog.kind && u.residue.length >= 2;
    if (switchesDialog) {
      const next = newDialog(route, slots);
      if (!next.orderNumber && dialog.verified) {
        next.orderNumber = dialog.orderNumber;
        next.email = dialog.email;
      }
      return out.dialog(await advanceDialog(next, slots, input, u.locale), route).done();
    }
    // While choosing items or a reason almost anything is an answer, except a clear question.
    const awaitingChoice = dialog.awaiting === 'items' || dialog.awaiting === 'reason';
    const choosing = awaitingChoice && !(route === 'faq' && !u.returnReason && isQuestion(slots.folded) && confident(input, u));
    // "The heel broke" answers "why are you returning it?"; it is not a new problem to hand off.
    const describesItem = u.route.kind === 'handoff' && u.route.reason === 'unsupported_request' && (u.route.detail === 'delivery_problem' || u.route.detail === 'product_defect');
    const continues =
      (route !== 'handoff' || (awaitingChoice && describesItem)) &&
      (choosing || (awaitingChoice && describesItem) ||
        (!awaitingChoice && (fillsSlot(dialog, slots) || route === dialog.kind || (dialog.awaiting === 'order_choice' && /^\W*\d{1,2}\W*$/.test(slots.folded)))));
    if (continues) return out.dialog(await advanceDialog(dialog, slots, input, u.locale), dialog.kind).done();
    // "I don't remember it": neither the slot nor another question. Ask again, offering a person.
    const unclear = route === 'unknown' || route === 'out_of_scope' || (route === 'faq' && !confident(input, u));
    if (unclear) return out.dialog(remindDialog(dialog, u.locale), dialog.kind).done();
    // Anything else is a change of subject: answer it; the pending question stays open unless
    // the shopper leaves for a person.
    state.dialog = route === 'handoff' ? null : dialog;
  }

  switch (u.route.kind) {
    case 'handoff': {
      // Gift wrapping, opening hours, pre-orders, custom work: things a person usually settles,
      // unless the merchant wrote an article that clearly answers the question. Then it answers.
      if (u.route.reason === 'unsupported_request' && u.route.detail && DOCUMENTABLE.has(u.route.detail) && isQuestion(slots.folded)) {
        const match = input.knowledgeBase.search(u.query, u.locale, { focus: u.text });
        if (match && match.confidence >= Math.max(DOCUMENTED_CONFIDENCE, input.knowledgeBase.threshold)) return out.answer(match).done();
      }
      return out.handoff(u.route.reason === 'requested' && prev.pendingHandoff ? prev.pendingHandoff : u.route.reason).done();
    }
    case 'smalltalk': {
      const p = PHRASEBOOK[u.locale];
      const body = p.smalltalk[u.route.topic](input.site.name);
      const quick = u.route.topic === 'goodbye' ? undefined : { quickReplies: p.steer };
      state.lowConfidenceStreak = 0;
      return out.say('smalltalk', [quick ? { body, payload: quick } : { body }]).done();
    }
    case 'out_of_scope':
      return out.say('out_of_scope', [{ body: PHRASEBOOK[u.locale].outOfScope, payload: { quickReplies: PHRASEBOOK[u.locale].steer } }]).done();
    case 'order_status':
    case 'return': {
      const kind = u.route.kind;
      return out.dialog(await advanceDialog(newDialog(kind, slots), slots, input, u.locale), kind).done();
    }
    case 'faq':
    case 'unknown': {
      const match = input.knowledgeBase.search(u.query, u.locale, { focus: u.text });
      if (match && confident(input, u, match)) return out.answer(match).done();
      if (u.route.kind === 'unknown') return out.say('out_of_scope', [{ body: PHRASEBOOK[u.locale].outOfScope, payload: { quickReplies: PHRASEBOOK[u.locale].steer } }]).done();
      return out.notSure().done();
    }
  }
}

function confident(input: BotInput, u: Understanding, match?: KbMatch | null): boolean {
  const m = match === undefined ? input.knowledgeBase.search(u.query, u.locale) : match;
  if (!m) return false;
  if (u.route.kind === 'faq' && u.route.steer && TRUSTED_STEERS.has(u.route.steer)) return m.confidence >= STEERED_CONFIDENCE;
  return m.confidence >= (u.shopWords ? input.knowledgeBase.threshold : Math.max(OFF_DOMAIN_CONFIDENCE, input.knowledgeBase.threshold));
}

/** A question by its form: a question mark, or a question word first. */
function isQuestion(folded: string): boolean {
  return /\?\s*$/.test(folded) || /^\s*(what|how|who|when|where|why|which|can|could|do|does|is|are|will|would|should|chi|come|quando|dove|perche|posso|puoi|potete|quanto|quanti|quale|quali|cosa|che|si puo|e possibile|c e)\b/.test(folded);
}

function isCancel(folded: string): boolean {
  return /^\s*(never ?mind|forget it|cancel|stop|no thanks|nothing|lascia (perdere|stare)|niente|annulla|non importa|no grazie)\W*$/.test(folded);
}

/** Builds the decision; keeps the handoff wording, offline notice and state flags in one place. */
class Outcome {
  private intent: BotIntent = 'faq';
  private replies: BotReply[] = [];
  private articleIds: string[] = [];
  private handoffReason: HandoffReason | null = null;
  private uncertain = false;

  constructor(
    private readonly input: BotInput,
    private readonly state: BotState,
    private readonly locale: BotLocale,
  ) {}

  say(intent: BotIntent, replies: BotReply[]): this {
    this.intent = intent;
    this.replies.push(...replies);
    if (intent !== 'faq') this.state.lowConfidenceStreak = 0;
    return this;
  }

  answer(match: KbMatch): this {
    const p = PHRASEBOOK[this.locale];
    const heading = `**${match.heading ?? match.title}**\n\n`;
    const sources = [{ articleId: match.articleId, title: match.title, section: match.heading }];
    this.say('faq', [{ body: `${heading}${match.text}`, payload: { quickReplies: p.kbFollowUpReplies, sources } }]);
    this.articleIds.push(match.articleId);
    this.state.lowConfidenceStreak = 0;
    if (this.state.dialog) {
      // Remind the shopper of the question still open.
      const d = this.state.dialog;
      const reminder = d.awaiting === 'email' && d.orderNumber ? p.askEmail(d.orderNumber) : d.awaiting === 'number' ? p.askOrderNumber(d.kind === 'return') : null;
      if (reminder) this.replies.push({ body: reminder });
      if (d.awaiting === 'reason') this.replies.push({ body: p.askReason, payload: { quickReplies: Object.values(p.reasons).map((r) => ({ label: r, value: r })) } });
    }
    return this;
  }

  notSure(): this {
    this.state.lowConfidenceStreak += 1;
    if (this.state.lowConfidenceStreak >= 2) return this.handoff('low_confidence');
    const p = PHRASEBOOK[this.locale];
    this.intent = 'faq';
    this.uncertain = true;
    this.replies.push({ body: p.notSure, payload: { quickReplies: p.notSureReplies } });
    return this;
  }

  dialog(step: DialogStep, kind: 'order_status' | 'return'): this {
    this.state.dialog = step.dialog;
    if (step.proven) {
      const { orderNumber, email } = step.proven;
      const others = (this.state.provenOrders ?? []).filter((o) => o.orderNumber !== orderNumber);
      this.state.provenOrders = [...others, { orderNumber, email }].slice(-5);
    }
    this.state.pendingHandoff = step.pendingHandoff ?? null;
    this.say(kind, step.replies);
    if (step.handoff) this.handoff(step.handoff, kind);
    return this;
  }

  handoff(reason: HandoffReason, intent: BotIntent = 'handoff'): this {
    const p = PHRASEBOOK[this.locale];
    const { humanAvailability } = this.input.site;
    this.intent = intent;
    this.handoffReason = reason;
    this.state.dialog = null;
    this.state.handedOff = true;
    this.state.lowConfidenceStreak = 0;
    this.state.pendingHandoff = null;
    const lead =
      reason === 'return_needs_approval' || reason === 'return_outside_policy'
        ? p.handoff.return
        : (p.handoff as Record<string, string>)[reason] ?? p.handoff.default;
    const lines = [lead];
    if (!humanAvailability.agentsOnline) {
      const when = humanAvailability.nextOpening ? formatOpening(humanAvailability.nextOpening, this.locale, this.input.site.timeZone ?? 'UTC') : null;
      lines.push(p.agentsOffline(when));
    }
    this.replies.push({ body: lines.join(' ') });
    if (!humanAvailability.agentsOnline && !this.input.visitor.email && !this.state.contactEmail) {
      this.replies.push({ body: p.askContactEmail });
      this.state.awaitingContactEmail = true;
    }
    return this;
  }

  done(): BotDecision {
    return {
      locale: this.locale,
      intent: this.intent,
      replies: this.replies,
      articleIds: this.articleIds,
      handoff: this.handoffReason ? { reason: this.handoffReason } : null,
      uncertain: this.uncertain,
      state: this.state,
    };
  }
}
