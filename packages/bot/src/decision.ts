import { toBotLocale } from './language';
import { fold } from './normaliser';
import {
  advanceDialog,
  fillsSlot,
  isLookupQuestion,
  isNo,
  isYes,
  namesDialogItem,
  namesItems,
  pickChoice,
  newDialog,
  pendingQuestion,
  remindDialog,
  yesNoReplies,
  type DialogInput,
  type DialogStep,
} from './order-dialog';
import { formatOpening, PHRASEBOOK } from './phrasebook';
import { answerProduct, pickProduct, productQuestionOf, type ProductQuestion } from './product-answer';
import { blockingTag } from './return-policy';
import { splitQuestions } from './segmenter';
import { namedPlace, steerWords, TRUSTED_STEERS, understand, type Understanding } from './understanding';
import { EU_PLACES } from './lexicon';
import { FOLLOW_UP_ORDER, GENERAL_QUESTION, GOODBYE, isFollowUpForm, ORDER_DETAIL, OTHER_ORDER, POINTING_BACK, UNSUPPORTED } from './cue';
import type { KbMatch, KnowledgeIndex } from './knowledge-index';
import type { BotAsk, BotDecision, BotInput, BotIntent, BotLocale, BotReply, BotState, HandoffReason, OrderDialogState } from './model';

/** Messages without any shop word need this much confidence before the knowledge base answers. */
const OFF_DOMAIN_CONFIDENCE = 0.8;
/** When the message names its topic plainly ("warranty", "discount code"), this is enough. */
const STEERED_CONFIDENCE = 0.15;
/** Requests the bot hands off by default but a knowledge-base article may answer, and the confidence it must reach. */
const DOCUMENTABLE = new Set(['gift_wrap', 'shop_info', 'pre_order', 'custom_work']);
const DOCUMENTED_CONFIDENCE = 0.6;
/** Frustration points over a conversation (swearing 1, anger 2) after which a person takes over. */
const FRUSTRATION_LIMIT = 3;

const ASK_OF: Record<OrderDialogState['awaiting'], BotAsk> = {
  number: 'order_number',
  email: 'email',
  order_choice: 'which_order',
  items: 'items',
  reason: 'reason',
  resolution: 'resolution',
  exchange_size: 'exchange_size',
  confirm: 'confirm',
};

/** A fresh state for a new conversation. */
export function initialState(locale: BotLocale): BotState {
  return { version: 1, locale, dialog: null, lowConfidenceStreak: 0, frustration: 0, handedOff: false, awaitingContactEmail: false, contactEmail: null, pendingHandoff: null };
}

/**
 * The bot's decision for one shopper message: what to reply, whether to hand off, and the state
 * to store for the next turn. Deterministic for the same input (including `now`); the only I/O is
 * through `input.orders` and `input.products`, and an `OrderSourceError` there becomes a handoff,
 * never a throw.
 *
 * One message may hold several questions ("how much is express and do you take PayPal?"): each is
 * answered in turn. A dialog (order status, return) stays open across questions about other things:
 * the bot answers them, then asks its pending question again or offers to go on with it.
 */
export async function decide(given: BotInput): Promise<BotDecision> {
  // One turn asks the knowledge base the same question several times (to split, to route, to
  // answer): each search is made once.
  const input: BotInput = { ...given, knowledgeBase: turnIndex(given.knowledgeBase) };
  const fallback = input.state?.locale ?? toBotLocale(input.locale, toBotLocale(input.site.defaultLocale));
  const prev: BotState = input.state ? { ...initialState(fallback), ...input.state } : initialState(fallback);
  const speller = input.knowledgeBase.speller;
  // An answer to the bot's question ("Linen shirt, white", "ok") keeps the conversation's language
  // unless it is plainly in the other one.
  const answering = !!prev.dialog && !isLookupQuestion(prev.dialog);
  const hints = { knownWords: input.knowledgeBase.languageOf.bind(input.knowledgeBase), neutralWords: input.catalogue?.words, margin: answering ? 2 : 0 };
  const u = understand(input.text, fallback, speller, hints);
  const state: BotState = { ...prev, locale: u.locale, frustration: prev.frustration + u.frustration, offer: null, productChoice: null };
  const out = new Outcome(input, state, u.locale);
  const folded = fold(input.text);

  // An e-mail in the message is the shopper's from now on: for look-ups, and to be contacted.
  const email = u.entities.emails[0] ?? null;
  if (email) out.learnEmail(email);

  // After a handoff with agents offline, the next message may be the e-mail we asked for.
  if (prev.awaitingContactEmail) {
    state.awaitingContactEmail = false;
    if (email) return out.say('handoff', [{ body: PHRASEBOOK[u.locale].contactEmailThanks(email) }]).done();
    if (u.entities.brokenEmails.length) {
      state.awaitingContactEmail = true;
      return out.say('handoff', [{ body: PHRASEBOOK[u.locale].brokenEmail }]).asking('contact_email').done();
    }
  }
  if (u.route.kind !== 'handoff' && state.frustration >= FRUSTRATION_LIMIT && u.frustration > 0) return out.handoff('frustration').done();

  // A return set aside for another question (the dialog is never open then): "Shall we go on with
  // the return?" — "yes" / "no"; or dropped without being asked: "never mind the return", "that's all".
  const waiting = state.dialog ? null : state.suspended;
  if (waiting) {
    const answersOffer = prev.offer === 'resume' && u.residue.length <= 3 && u.entities.orderNumbers.length === 0;
    if (isCancel(folded) || (answersOffer && isNo(folded))) {
      state.suspended = null;
      return out.say('smalltalk', [{ body: PHRASEBOOK[u.locale].resumeDeclined, payload: { quickReplies: PHRASEBOOK[u.locale].steer } }]).done();
    }
    if (answersOffer && isYes(folded)) {
      state.suspended = null;
      return out.dialog({ replies: pendingQuestion(waiting, u.locale), dialog: waiting, handoff: null }, waiting.kind).done();
    }
    if (saysGoodbye(u)) state.suspended = null;
  }

  // "Which one?" after several products matched.
  if (prev.productChoice && input.catalogue) {
    const picked = pickProduct(prev.productChoice.ids, folded, input.catalogue);
    const earlier = prev.productChoice.question;
    const question = picked ? productQuestionOf(input, understand(earlier, u.locale, speller, { ...hints, forceLocale: u.locale }), earlier, prev, picked) : null;
    if (question) {
      await answerProduct(out, question, input, state);
      return out.finish().done();
    }
  }

  // A message a person must take (a complaint, a problem only they can solve) is not split.
  const personNeeded = u.route.kind === 'handoff' && !(u.route.reason === 'unsupported_request' && u.route.detail === 'stock' && input.catalogue);
  const parts = answering || personNeeded ? [] : splitQuestions(input.text);
  if (parts.length > 1) {
    const understood = parts.map((raw) => {
      const pu = understand(raw, u.locale, speller, { ...hints, forceLocale: u.locale });
      return { raw, u: pu, product: productQuestionOf(input, pu, raw, state) };
    });
    const answerable = understood.filter((p) => !(p.u.route.kind === 'smalltalk' && p.u.route.topic !== 'capabilities'));
    // Each part must ask something (a statement such as "it's not my style" belongs to its question),
    // and about different things (two parts about one order are one question).
    const targets = answerable.map((p) => targetOf(input, p.u, p.product));
    // A dialog part must ask or name something ("order 1004 …"): "order already shipped, can I still cancel?" is one question.
    const asks = (p: { raw: string; u: Understanding }) => isQuestion(fold(p.raw)) || (startsDialog(p.u) && (p.u.entities.orderNumbers.length > 0 || p.u.entities.emails.length > 0 || p.u.route.kind === 'return'));
    const separate = new Set(targets).size === targets.length && answerable.every(asks);
    // "Do you speak Italian? So, how much is the locker?": the one real question is answered.
    if (answerable.length === 1 && understood.length > 1 && canAnswerAlone(input, answerable[0]!.u, answerable[0]!.raw, state, answerable[0]!.product) && answerable[0]!.u.route.kind !== 'smalltalk') {
      await handle(out, input, state, answerable[0]!.u, answerable[0]!.raw);
      return out.finish().done();
    }
    if (answerable.length > 1 && separate && answerable.every((p) => canAnswerAlone(input, p.u, p.raw, state, p.product))) {
      // A part that asks the shopper something goes last, so their next message answers it.
      const indexed = answerable.map((p, i) => ({ ...p, i }));
      const ordered = [...indexed.filter((p) => !startsDialog(p.u)), ...indexed.filter((p) => startsDialog(p.u))];
      for (const p of ordered) {
        out.part = p.i;
        await handle(out, input, state, p.u, p.raw);
      }
      return out.finish().done();
    }
  }
  await handle(out, input, state, u, input.text);
  return out.finish().done();
}

/** What a part of a message is about, to tell two questions from one said twice. */
function targetOf(input: BotInput, u: Understanding, product: ProductQuestion | null): string {
  if (u.route.kind === 'order_status' || u.route.kind === 'return') return 'order';
  if (product) return `product:${product.aspects.join(',')}`;
  if (u.route.kind === 'faq' || u.route.kind === 'unknown') return `faq:${input.knowledgeBase.search(u.query, u.locale, { focus: u.text })?.articleId ?? ''}:${u.text}`;
  return u.route.kind;
}

/** The index with its searches remembered for one turn (the index itself is immutable). */
function turnIndex(index: KnowledgeIndex): KnowledgeIndex {
  const memo = new Map<string, KbMatch | null>();
  const turn = Object.create(index) as KnowledgeIndex;
  turn.search = (question, locale, options = {}) => {
    const key = `${locale}\u0000${question}\u0000${options.focus ?? ''}\u0000${options.within ?? ''}\u0000${options.notSection ?? '\u0001'}`;
    if (memo.has(key)) return memo.get(key)!;
    const match = index.search(question, locale, options);
    memo.set(key, match);
    return match;
  };
  return turn;
}

function startsDialog(u: Understanding): boolean {
  return u.route.kind === 'order_status' || u.route.kind === 'return';
}

/** A part of a message with several questions that the bot can answer on its own. */
function canAnswerAlone(input: BotInput, u: Understanding, raw: string, state: BotState, product: ProductQuestion | null): boolean {
  // "Is the merino sweater in L?" (a stock question the catalogue answers) stands alone too.
  if (product && product.candidates.length > 0) return true;
  switch (u.route.kind) {
    case 'faq':
    case 'unknown': {
      if (u.residue.length < 1) return false;
      if (product) return true;
      const match = input.knowledgeBase.search(u.query, u.locale, { focus: u.text });
      return !!match && confident(input, u, match);
    }
    case 'order_status':
    case 'return':
    case 'smalltalk':
      return true;
    default:
      return false;
  }
}

/** One question of the turn (the whole message, or one part of it). */
async function handle(out: Outcome, input: BotInput, state: BotState, u: Understanding, raw: string): Promise<void> {
  const p = PHRASEBOOK[u.locale];
  const folded = fold(raw);
  const slots: DialogInput = {
    orderNumbers: u.entities.orderNumbers,
    emails: u.entities.emails,
    folded,
    text: raw,
    returnReason: u.returnReason,
    knownEmail: state.email ?? input.visitor.email,
    detail: ORDER_DETAIL(u.text),
  };
  const route = u.route.kind;
  const dialog = state.dialog;
  // Naming an item of the order in the dialog ("and the red dress?") answers the dialog, unless it
  // asks about the product ("is the linen shirt in L available?").
  const asked = dialog?.awaiting === 'order_choice' ? null : productQuestionOf(input, u, raw, state);
  const aboutProduct = !!asked && asked.explicit && asked.aspects.some((a) => a !== 'info');
  const product = dialog && !aboutProduct && (namesDialogItem(dialog, folded) || dialog.awaiting === 'order_choice') ? null : asked;

  if (dialog && (await continueDialog(out, input, state, dialog, { u, folded, slots, product }))) return;

  if (await orderFollowUp(out, input, state, { u, folded, slots, product })) return;

  if (product) {
    await answerProduct(out, product, input, state);
    return;
  }

  // "Can I send it back if it doesn't fit?" about the product just shown: its own rule first.
  const shown = state.focusProduct && state.lastTopics?.includes('product') ? input.catalogue?.get(state.focusProduct.id) ?? null : null;
  const aboutReturning = (u.route.kind === 'faq' && u.route.steer === 'returns') || (route === 'return' && u.entities.orderNumbers.length === 0 && !state.focusOrder);
  if (shown && aboutReturning) {
    const why = blockingTag(shown.tags, input.site.returnPolicy);
    if (why) {
      out.say('product', [{ body: p.product.notReturnable(shown.title, why) }]);
      return;
    }
  }

  // Just an e-mail address ("it's mario@example.com"), with no question or order to go with it.
  if (u.entities.emails.length > 0 && u.entities.orderNumbers.length === 0 && u.residue.length <= 2 && !u.shopWords && route !== 'order_status' && route !== 'return' && route !== 'handoff') {
    out.say('smalltalk', [{ body: p.emailNoted(u.entities.emails[0]!) }]);
    return;
  }

  switch (u.route.kind) {
    case 'handoff': {
      // Gift wrapping, opening hours, pre-orders, custom work: things a person usually settles,
      // unless the merchant wrote an article that clearly answers the question. Then it answers.
      if (u.route.reason === 'unsupported_request' && u.route.detail && DOCUMENTABLE.has(u.route.detail) && isQuestion(folded)) {
        const match = input.knowledgeBase.search(u.query, u.locale, { focus: u.text });
        // Only an article about the request itself answers it: "made to measure" is not the size guide.
        const detail = u.route.detail;
        const about = UNSUPPORTED.filter(([kind]) => kind === detail).map(([, re]) => re.exec(u.text)?.[0]).find((m) => m) ?? '';
        if (match && match.confidence >= Math.max(DOCUMENTED_CONFIDENCE, input.knowledgeBase.threshold) && input.knowledgeBase.anchorHas(match.articleId, about, u.locale)) {
          out.answer(match);
          return;
        }
      }
      const why = u.route.reason === 'unsupported_request' && u.route.detail ? p.unsupported[u.route.detail] ?? null : null;
      out.handoff(u.route.reason === 'requested' && state.pendingHandoff ? state.pendingHandoff : u.route.reason, 'handoff', why);
      return;
    }
    case 'smalltalk': {
      const body = p.smalltalk[u.route.topic](input.site.name);
      const quick = u.route.topic === 'goodbye' ? undefined : { quickReplies: p.steer };
      state.lowConfidenceStreak = 0;
      out.say('smalltalk', [quick ? { body, payload: quick } : { body }]);
      return;
    }
    case 'out_of_scope': {
      // "What's Zara's return policy?" then "and yours?": the shop's own answer to the same question.
      const ours = u.shopWords ? input.knowledgeBase.search(u.query, u.locale) : null;
      if (ours && ours.confidence >= input.knowledgeBase.threshold) out.rememberQuestion({ query: u.query, articleId: ours.articleId });
      out.say('out_of_scope', [{ body: p.outOfScope, payload: { quickReplies: p.steer } }]);
      return;
    }
    case 'order_status':
    case 'return': {
      const kind = u.route.kind;
      await advanceAndSay(out, newDialog(kind, slots), slots, input, u.locale, kind);
      return;
    }
    case 'faq':
    case 'unknown': {
      // "And to Austria?" names a place without a shipping word; "how long to get there?" means the last one.
      const named = u.place ?? (out.previousQuestions.length ? namedPlace(u.text) : null);
      const place = named ?? ((THERE.test(u.text) || isFollowUpForm(u.text)) && out.previousQuestions.length ? state.lastPlace ?? null : null);
      if (place) {
        state.lastPlace = place;
        if (!u.place) u = { ...u, query: `${u.query} ${place}${EU_PLACES.has(place) ? (u.locale === 'it' ? ' ue paesi ue' : ' eu countries') : ''}` };
      }
      // "Can I still cancel it?" right after an order: the order's status picks the article's part
      // ("already shipped", "cancelled").
      const about = state.focusOrder?.status && state.lastTopics?.includes('order') && POINTING_BACK.test(u.text) ? STATUS_WORDS[u.locale][state.focusOrder.status] : undefined;
      if (about) u = { ...u, query: `${u.query} ${about}`, text: `${u.text} ${about}` };
      const match = knowledgeMatch(input, u, out.previousQuestions);
      // Only an answered question is a context for the next ("and for shoes?"); a miss is not.
      if (match) out.rememberQuestion({ query: u.query, articleId: match.articleId, section: match.heading });
      if (match) {
        out.answer(match, place);
        return;
      }
      if (u.route.kind === 'unknown') out.say('out_of_scope', [{ body: p.outOfScope, payload: { quickReplies: p.steer } }]);
      else out.notSure();
      return;
    }
  }
}

/**
 * The article that answers the question, or null when none does with confidence. A short
 * follow-up ("and for shoes?", "how much is that?", "the link says expired") is read together with
 * the question before it: its own words pick the section, the earlier ones the topic.
 */
function knowledgeMatch(input: BotInput, u: Understanding, asked: PreviousQuestion[]): KbMatch | null {
  const kb = input.knowledgeBase;
  // The returns article set after a return is no context for a question naming its own topic
  // ("how do I reset my password?").
  const ownTopic = u.route.kind === 'faq' && !!u.route.steer && TRUSTED_STEERS.has(u.route.steer) && u.route.steer !== 'returns';
  const questions = ownTopic ? asked.filter((q) => !q.context) : asked;
  let own = kb.search(u.query, u.locale, { focus: u.text });
  const ownConfident = !!own && confident(input, u, own);
  // A follow-up by its form, or a short message the knowledge base cannot place on its own.
  const followUp = isFollowUpForm(u.text) || (!ownConfident && u.text.split(' ').length <= 12) || (questions.some((q) => q.context) && u.text.split(' ').length <= 10);
  if (questions.length === 0 || !followUp) return ownConfident ? own : null;
  // "How much is it?" after the express section is still about express: a follow-up with words of
  // its own and nothing pointing back asks what the last section did not say.
  const ownTerms = kb.terms(u.text, u.locale).filter((t) => !t.includes('+')).length;
  // "how much is shipping there", "how do I make one": a word pointing back keeps the topic.
  const pointing = POINTING_BACK.test(u.text);
  const elsewhere = !pointing && ownTerms >= 2;
  // The same article again: a follow-up asks what its last section did not say ("can I still ask for it afterwards?").
  const last = questions.find((q) => !q.context && q.articleId === own?.articleId);
  if (ownConfident && last && own!.heading === last.section && elsewhere) {
    const other = kb.search(u.query, u.locale, { focus: u.text, within: own!.articleId, notSection: last.section });
    if (other) own = other;
  }
  // An article just answered, when it covers the follow-up about as well as any other does
  // ("and how fast is the money back?" after the cancellation article).
  const within = questions
    .map((q) => {
      const id = q.articleId ? kb.counterpart(q.articleId, u.locale) : null;
      // A follow-up without a word pointing back asks something the section just shown did not say.
      return id ? kb.search(u.query, u.locale, { focus: ownTerms <= 1 ? `${u.text} ${q.query}` : u.text, within: id, notSection: elsewhere && !q.context ? q.section : undefined }) : null;
    })
    .filter((m): m is KbMatch => m !== null)
    .sort((a, b) => b.confidence - a.confidence);
  const same = within[0] ?? null;
  // A question naming its own topic plainly ("is there a warranty on it?") needs the article just
  // answered to cover it at least as well as its own does.
  const steered = ownConfident && u.route.kind === 'faq' && !!u.route.steer && TRUSTED_STEERS.has(u.route.steer) && own!.articleId !== same?.articleId;
  // "Does it work on sale items?" after the discount-code answer: "it" is the code, when that
  // article covers the question well.
  const bar = pointing && (same?.confidence ?? 0) >= 0.6 ? kb.threshold : steered ? (own?.confidence ?? 0) : pointing ? Math.max(kb.threshold, (own?.confidence ?? 0) - 0.25) : Math.max(kb.threshold, (own?.confidence ?? 0) - 0.1);
  if (same && same.confidence >= bar) return same;
  // "What do I have to send you?": too few words of its own to have another topic.
  if ((pointing && ownTerms <= 2) || (ownTerms <= 1 && u.route.kind === 'unknown' && !ownConfident)) {
    const q = questions.find((x) => x.articleId === same?.articleId) ?? questions.find((x) => x.articleId);
    const id = q?.articleId ? kb.counterpart(q.articleId, u.locale) : null;
    const back = q && id ? kb.search(`${u.query} ${q.query}`, u.locale, { focus: `${u.text} ${q.query}`, within: id }) : null;
    if (back) return back;
  }
  const previous = questions.find((q) => q.articleId === same?.articleId) ?? questions[questions.length - 1]!;
  // A question that names its own topic plainly ("and do you take PayPal?") stands on its own.
  if (ownConfident && u.route.kind === 'faq' && u.route.steer && TRUSTED_STEERS.has(u.route.steer) && own!.articleId !== previous.articleId) return own;
  // The follow-up's words pick the section; with few of them the earlier question's help.
  const withContext = kb.search(`${u.query} ${previous.query}`, u.locale, { focus: ownTerms <= 1 ? `${u.text} ${previous.query}` : u.text });
  if (withContext && withContext.confidence >= kb.threshold && (!ownConfident || withContext.articleId === previous.articleId)) return withContext;
  return ownConfident ? own : null;
}

/**
 * An article's Markdown as a chat message shows it: the widget and the console render bold, links
 * and line breaks only, so links become "text (address)", list marks become bullets and
 * sub-headings bold.
 */
export function chatText(markdown: string): string {
  return markdown
    .replace(/\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/g, (_, text: string, url: string) => (text === url ? url : `${text} (${url})`))
    .replace(/^\s*[-*+]\s+/gm, '• ')
    .replace(/^#{3,6}\s+(.+?)\s*#*$/gm, '**$1**');
}

function confident(input: BotInput, u: Understanding, match?: KbMatch | null): boolean {
  const m = match === undefined ? input.knowledgeBase.search(u.query, u.locale) : match;
  if (!m) return false;
  if (u.route.kind === 'faq' && u.route.steer && TRUSTED_STEERS.has(u.route.steer)) return m.confidence >= STEERED_CONFIDENCE;
  return m.confidence >= (u.shopWords ? input.knowledgeBase.threshold : Math.max(OFF_DOMAIN_CONFIDENCE, input.knowledgeBase.threshold));
}

/** Adding something to an order ("can I add another shirt?", "ci posso aggiungere…"). */
const ADD_TO_ORDER = /\b(add|adding|aggiunger\w*|aggiungo|aggiungete|aggiungi|ci posso aggiungere|mettere anche|include another)\b/;

/** How the articles speak of an order's status, to steer a question about that order. */
const STATUS_WORDS: Record<BotLocale, Record<string, string>> = {
  en: { paid: 'processing', processing: 'processing', shipped: 'already shipped', out_for_delivery: 'already shipped', delivered: 'delivered', cancelled: 'cancelled cancel', returned: 'returned' },
  it: { paid: 'in lavorazione', processing: 'in lavorazione', shipped: 'gia spedito', out_for_delivery: 'gia spedito', delivered: 'consegnato', cancelled: 'annullato annullamento', returned: 'restituito' },
};

/** "There", "lì": the place asked about before. */
const THERE = /\b(there|over there|li|laggiu|in quel paese)\b/;

/** Other names of a place as articles write them ("UK" for "the UK", "Svizzera" for "Switzerland"). */
const PLACE_NAMES: Record<string, string[]> = {
  uk: ['united kingdom', 'regno unito'], 'the uk': ['united kingdom', 'regno unito'], britain: ['united kingdom', 'regno unito'], england: ['united kingdom', 'regno unito'],
  inghilterra: ['regno unito', 'united kingdom'], 'regno unito': ['united kingdom'], scotland: ['united kingdom'], scozia: ['regno unito'],
  usa: ['usa', 'united states', 'stati uniti'], 'the usa': ['usa', 'stati uniti'], 'the us': ['usa', 'stati uniti'], 'the states': ['usa', 'stati uniti'], america: ['usa', 'stati uniti'],
  'stati uniti': ['usa', 'united states'], switzerland: ['switzerland', 'svizzera'], svizzera: ['svizzera', 'switzerland'], norway: ['norway', 'norvegia'],
  norvegia: ['norvegia', 'norway'], canada: ['canada'],
};

/** The verified shopper's recent order with an item the message names, when exactly one has it. */
async function orderWithItem(input: BotInput, folded: string): Promise<string | null> {
  try {
    const orders = await input.orders.listCustomerOrders(input.visitor.customerId!, 10);
    const matching = orders.filter((o) => namesItems(folded, o.items.map((i) => i.name)));
    return matching.length === 1 ? matching[0]!.number : null;
  } catch {
    return null;
  }
}

/** What one part of a turn needs to be handled: its understanding, folded text, slots and product question. */
interface TurnPart {
  u: Understanding;
  folded: string;
  slots: DialogInput;
  product: ProductQuestion | null;
}

/**
 * The turn inside an open dialog: the answer to its question, a cancel, another order's dialog (the
 * open one set aside), or the question again. False when the message is about something else: it
 * is answered as a new question, and `finish` brings the dialog back.
 */
async function continueDialog(out: Outcome, input: BotInput, state: BotState, dialog: OrderDialogState, part: TurnPart): Promise<boolean> {
  const { u, folded, slots, product } = part;
  const p = PHRASEBOOK[u.locale];
  const route = u.route.kind;
  if (isCancel(folded)) {
    state.dialog = null;
    state.suspended = null;
    out.say('smalltalk', [{ body: p.dialogCancelled, payload: { quickReplies: p.steer } }]);
    return true;
  }
  // "Great thanks, that's all": the shopper is done; the open question is dropped, not asked again.
  // "Yes, thanks, bye" at the summary is a yes.
  if (saysGoodbye(u) && !(dialog.awaiting === 'confirm' && isYes(folded))) {
    state.dialog = null;
    state.suspended = null;
    return false;
  }
  const lookup = isLookupQuestion(dialog);
  if (dialog.awaiting === 'email' && u.entities.emails.length === 0 && u.entities.brokenEmails.length > 0) {
    out.dialog({ replies: [{ body: p.brokenEmail }], dialog, handoff: null }, dialog.kind);
    return true;
  }
  const otherOrder = u.entities.orderNumbers.some((n) => n !== dialog.orderNumber) && dialog.verified;
  // "The heel broke" answers "why are you returning it?"; it is not a new problem to hand off.
  const describesItem = route === 'handoff' && u.route.kind === 'handoff' && u.route.reason === 'unsupported_request' && (u.route.detail === 'delivery_problem' || u.route.detail === 'product_defect');
  const asksElse =
    (route === 'faq' && !u.returnReason && isQuestion(folded) && confident(input, u)) ||
    (!!product && !(product.aspects.length === 1 && product.aspects[0] === 'info')) ||
    (route === 'handoff' && !describesItem) ||
    otherOrder;
  if (!lookup && !asksElse && route !== 'order_status') {
    await advanceAndSay(out, dialog, slots, input, u.locale, dialog.kind);
    return true;
  }
  // "The one with the sneakers", "the second": an offered order.
  if (dialog.awaiting === 'order_choice' && u.entities.orderNumbers.length === 0 && route !== 'handoff' && pickChoice(dialog, folded)) {
    await advanceAndSay(out, dialog, slots, input, u.locale, dialog.kind);
    return true;
  }
  if (lookup && route !== 'handoff' && !product && fillsSlot(dialog, slots)) {
    if (!((route === 'order_status' || route === 'return') && route !== dialog.kind && u.residue.length >= 2)) {
      await advanceAndSay(out, dialog, slots, input, u.locale, dialog.kind);
      return true;
    }
  }
  // "Where is my order 1002?" in the middle of a return: a dialog of its own; the return waits.
  if ((route === 'order_status' || route === 'return') && (route !== dialog.kind || otherOrder || u.entities.orderNumbers.length > 0)) {
    if (dialog.verified && !lookup && (route !== dialog.kind || otherOrder)) state.suspended = dialog;
    const next = newDialog(route, slots);
    // "Where is my trench coat order?": the verified shopper's order with that item, not this one.
    if (!next.orderNumber && input.visitor.verified && input.visitor.customerId && !namesDialogItem(dialog, folded)) next.orderNumber = await orderWithItem(input, folded);
    if (!next.orderNumber && dialog.verified) {
      next.orderNumber = dialog.orderNumber;
      next.email = dialog.email;
    }
    await advanceAndSay(out, next, slots, input, u.locale, route);
    return true;
  }
  if (route === dialog.kind && !product) {
    await advanceAndSay(out, dialog, slots, input, u.locale, dialog.kind);
    return true;
  }
  // "I don't remember it": neither the answer nor another question. Ask again, offering a person.
  const unclear = !product && (route === 'unknown' || route === 'out_of_scope' || (route === 'faq' && !confident(input, u)));
  if (unclear && lookup) {
    out.dialog(remindDialog(dialog, u.locale), dialog.kind);
    return true;
  }
  return false;
}

/**
 * Advances the dialog and says its step; "il 1011 e il 1010" then answers every order the message
 * names, each looked up on its own (a number that needs its own e-mail asks for it, last).
 */
async function advanceAndSay(out: Outcome, dialog: OrderDialogState, slots: DialogInput, input: BotInput, locale: BotLocale, kind: 'order_status' | 'return'): Promise<void> {
  const step = await advanceDialog(dialog, slots, input, locale);
  out.dialog(step, kind);
  if (kind !== 'order_status' || step.dialog || step.handoff || slots.orderNumbers.length < 2) return;
  const email = step.proven?.email ?? dialog.email ?? slots.emails[0] ?? null;
  const answered = step.focus?.orderNumber ?? dialog.orderNumber;
  for (const number of slots.orderNumbers.filter((n) => n !== answered).slice(0, 4)) {
    const one = { ...slots, orderNumbers: [number], emails: email ? [email] : slots.emails };
    const next = await advanceDialog(newDialog('order_status', one), one, input, locale);
    out.dialog(next, 'order_status');
    if (next.dialog || next.handoff) return;
  }
}

/**
 * Follow-ups on the order shown last ("when will it arrive?", "can I return the scarf from it?",
 * "and my other order?") and, for a verified shopper, their order with a named item. False when
 * the message is not one.
 */
async function orderFollowUp(out: Outcome, input: BotInput, state: BotState, part: TurnPart): Promise<boolean> {
  const { u, folded, slots, product } = part;
  const p = PHRASEBOOK[u.locale];
  const route = u.route.kind;
  // Follow-ups on the order shown last: "when will it arrive?", "can I return the scarf from it?".
  const focus = state.focusOrder;
  if (!state.dialog && focus && u.entities.orderNumbers.length === 0 && route !== 'handoff' && route !== 'out_of_scope' && route !== 'smalltalk') {
    // "Can you change the delivery address to my office?", "can I add another shirt before it ships?"
    // about the order just shown: a person changes an order.
    if ((ADDRESS_CHANGE.test(u.text) || ADD_TO_ORDER.test(u.text)) && state.lastTopics?.includes('order')) {
      out.handoff('unsupported_request', 'handoff', p.unsupported.order_edit ?? null);
      return true;
    }
    // "But I never got it!" about an order shown as delivered: a lost parcel, for a person.
    if (focus.status === 'delivered' && state.lastTopics?.includes('order') && NOT_RECEIVED.test(u.text) && !NOT_GOODS.test(u.text)) {
      out.handoff('unsupported_request', 'handoff', p.unsupported.delivery_problem ?? null);
      return true;
    }
    if (OTHER_ORDER.test(u.text)) {
      const next = newDialog('order_status', slots);
      next.email = slots.knownEmail ?? focus.email;
      if (input.visitor.verified && input.visitor.customerId) {
        await advanceAndSay(out, next, slots, input, u.locale, 'order_status');
      } else {
        next.awaiting = 'number';
        out.dialog({ replies: [{ body: p.askOtherOrderNumber }], dialog: next, handoff: null }, 'order_status');
      }
      return true;
    }
    // "Can I return the shoes?" right after the order with the shoes: a return of that order.
    const ownItem = u.route.kind === 'faq' && u.route.steer === 'returns' && !/\b(if|se|when|quando)\b/.test(u.text) && !!focus.items?.length && namesItems(folded, focus.items);
    const followUp = route === 'return' || route === 'order_status' || ownItem || ((FOLLOW_UP_ORDER(u.text) || ORDER_DETAIL(u.text) !== null) && !GENERAL_QUESTION.test(u.text) && !product);
    if (followUp) {
      const kind = route === 'return' || ownItem ? 'return' : 'order_status';
      const next = newDialog(kind, slots);
      next.orderNumber = focus.orderNumber;
      next.email = next.email ?? focus.email;
      await advanceAndSay(out, next, slots, input, u.locale, kind);
      return true;
    }
  }

  // "And the trench coat one?" after a verified shopper's order: their order with that item.
  if (product && !product.explicit && !state.dialog && state.lastTopics?.includes('order') && input.visitor.verified && input.visitor.customerId) {
    const number = await orderWithItem(input, folded);
    if (number) {
      const next = newDialog('order_status', { ...slots, orderNumbers: [number] });
      await advanceAndSay(out, next, { ...slots, orderNumbers: [number] }, input, u.locale, 'order_status');
      return true;
    }
  }

  return false;
}

/** Things that come by e-mail, not in the parcel: "I haven't received the invoice" is not a lost parcel. */
const NOT_GOODS = /\b(invoice\w*|receipt\w*|fattur\w*|ricevut[ae]|scontrin\w*|refund\w*|rimbors\w*|e ?mails?|mail|code|codice|link|sms|text|message|messaggio|confirmation|conferma|label|etichetta|tracking|newsletter|password|money|soldi|reply|risposta)\b/;

/** "That's all", "bye" anywhere in a small-talk message (the cue itself is global, for removing matches). */
const SAYS_GOODBYE = new RegExp(GOODBYE.source);
const saysGoodbye = (u: Understanding) => u.route.kind === 'smalltalk' && (u.route.topic === 'goodbye' || SAYS_GOODBYE.test(u.text));

/** Nothing came: "I haven't received anything", "nn ho ricevuto niente", "it never arrived". */
const NOT_RECEIVED = /\b((i|we) (have not|haven t|did not|didn t|never) (got|get|received|receive)( it| them| anything| a thing| the parcel| the package| my order)?|(it|they|the parcel|the package|nothing) (never|has not|hasn t|did not|didn t) (arrived?|come|came|turn(ed)? up)|non (ho|abbiamo) (mai |ancora )?ricevuto|non (mi )?(e|è) (mai )?arrivat[oa]|non (e|è) arrivato (niente|nulla)|mai arrivat[oaie]|nessun pacco)\b/;

/** Changing where something is delivered ("change the delivery address to my office"). */
const ADDRESS_CHANGE = /\b(change|changing|update|modify|correct|redirect|send it to|deliver it to|cambiare|cambia|modificare|modifica|correggere|spedirlo a|mandarlo a|consegnarlo a)\b.{0,30}\b(address|delivery|indirizzo|consegna)\b|\b(send|deliver|ship) it to (my|another|a different) \w+/;

/** A question of the last turn: its retrieval query, and the article and section that answered it. */
type PreviousQuestion = {
  query: string;
  articleId: string | null;
  section?: string | null;
  /** Set by the bot, not asked: the returns article after a return, which any next question may follow up on. */
  context?: boolean;
};

/** A question by its form: a question mark, or a question word first (after "and", "also", "btw"…). */
function isQuestion(folded: string): boolean {
  return (
    /\?/.test(folded) ||
    /^\W*((and|also|so|ok|okay|btw|plus|e|ed|anche|poi|inoltre|ma|\d+ qs?)\W+)*(what|whats|how|hows|who|when|where|wheres|why|which|can|could|do|does|did|is|are|will|would|should|may|have you|i want|want|i need|need|i d like|i would like|chi|come|quando|dove|perche|posso|puoi|potete|quanto|quanta|quanti|quale|quali|cosa|che|si puo|e possibile|c e|avete|accettate|spedite|fate|vendete|vorrei|voglio|mi serve)\b/.test(folded)
  );
}

function isCancel(folded: string): boolean {
  return /^\W*((ok|okay|actually|no|wait|hmm|sorry|oh|ah|anzi|allora|scusa)\W+){0,4}(never ?mind|nevermind|forget (it|about it|that)|cancel( that| it)?|stop|no thanks|nothing|not anymore|no need|i ll keep (it|them)|i will keep (it|them)|i m keeping (it|them)|i (do not|don t) want to (return|send back) (it|them)( any ?more)?|lascia (perdere|stare)|lascia stare grazie|niente|annulla|non importa|no grazie|non fa niente|fa niente|lasciamo (stare|perdere)|non serve( piu)?|(me )?(lo|la|li|le) tengo|non (voglio|serve) piu (farlo|renderl\w*|(fare )?il reso))( the return| this return| that return| the exchange| about the return| il reso| tutto| allora| for now| per ora)?\W*( grazie| thanks| thank you)?\W*$/.test(folded);
}

/**
 * Builds the decision: the replies of every part of the turn, what the last one asks, the handoff
 * wording, offline notice and state flags in one place.
 */
export class Outcome {
  private readonly replies: BotReply[] = [];
  private readonly articleIds: string[] = [];
  private readonly answers: { intent: BotIntent; articleId: string | null; part: number }[] = [];
  private handoffReason: HandoffReason | null = null;
  private uncertain = false;
  private asks: BotAsk | null = null;
  private visitorEmail: string | null = null;
  /** True when the last part of the turn was the open dialog's own step. */
  private dialogSpoke = false;
  /** True once this turn has said something (its topics replace the last turn's). */
  private topicsSet = false;
  private questionsSet = false;
  private readonly previous: PreviousQuestion[];
  /** The part of the message being answered, to list the answers in the message's order. */
  part = 0;

  constructor(
    private readonly input: BotInput,
    private readonly state: BotState,
    readonly locale: BotLocale,
  ) {
    this.previous = state.lastQuestions ?? [];
  }

  /** The last turn's questions, a context for this one's follow-ups. */
  get previousQuestions(): PreviousQuestion[] {
    return this.previous;
  }

  rememberQuestion(q: PreviousQuestion): void {
    this.state.lastQuestions = [...(this.questionsSet ? this.state.lastQuestions ?? [] : []), q];
    this.questionsSet = true;
  }

  learnEmail(email: string): void {
    this.state.email = email;
    this.state.contactEmail = email;
    if (email !== this.input.visitor.email?.toLowerCase()) this.visitorEmail = email;
  }

  say(intent: BotIntent, replies: BotReply[], articleId: string | null = null): this {
    this.answers.push({ intent, articleId, part: this.part });
    // A turn that answered no knowledge-base question leaves no question to follow up on.
    if (!this.questionsSet && intent !== 'faq') this.state.lastQuestions = [];
    const topic: 'faq' | 'order' | 'product' | null = intent === 'faq' ? 'faq' : intent === 'product' ? 'product' : intent === 'order_status' || intent === 'return' ? 'order' : null;
    if (topic) this.state.lastTopics = this.topicsSet ? [...new Set([...(this.state.lastTopics ?? []), topic])] : [topic];
    this.topicsSet = true;
    this.replies.push(...replies);
    this.dialogSpoke = false;
    this.asks = null;
    if (intent !== 'faq') this.state.lowConfidenceStreak = 0;
    return this;
  }

  asking(ask: BotAsk | null): this {
    this.asks = ask;
    return this;
  }

  answer(match: KbMatch, place: string | null = null): this {
    const p = PHRASEBOOK[this.locale];
    const heading = `**${match.heading ?? match.title}**\n\n`;
    // "Do you ship to Switzerland?": the article's line with that place's price or time, when the
    // section chosen does not have it ("United Kingdom, Switzerland and Norway: €14.90, 4–7 days").
    if (place) {
      const names = EU_PLACES.has(place) ? [place, 'eu', 'ue', 'european union', 'unione europea'] : [place, ...(PLACE_NAMES[place] ?? [])];
      const extra = this.input.knowledgeBase.factLines(match.articleId, names).find((line) => !fold(match.text).includes(fold(line).slice(0, 40)));
      if (extra) match = { ...match, text: `${match.text}\n\n${extra}` };
    }
    const sources = [{ articleId: match.articleId, title: match.title, section: match.heading }];
    this.say('faq', [{ body: `${heading}${chatText(match.text)}`, payload: { quickReplies: p.kbFollowUpReplies, sources } }], match.articleId);
    this.articleIds.push(match.articleId);
    this.state.lowConfidenceStreak = 0;
    return this;
  }

  notSure(): this {
    this.state.lowConfidenceStreak += 1;
    if (this.state.lowConfidenceStreak >= 2) return this.handoff('low_confidence');
    const p = PHRASEBOOK[this.locale];
    this.answers.push({ intent: 'faq', articleId: null, part: this.part });
    this.uncertain = true;
    this.dialogSpoke = false;
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
    if (step.focus) this.state.focusOrder = step.focus;
    this.state.pendingHandoff = step.pendingHandoff ?? null;
    this.say(kind, step.replies);
    // After a return, "where do I drop it off?" or "when is the money back?" is about returns: the
    // returns article is the question before it, as if the shopper had just asked for the policy.
    if (kind === 'return' && !this.questionsSet && step.replies.length > 0) {
      const query = steerWords('returns', this.locale);
      const policy = this.input.knowledgeBase.search(query, this.locale);
      if (policy) this.state.lastQuestions = [{ query, articleId: policy.articleId, section: null, context: true }];
    }
    this.dialogSpoke = true;
    this.asks = step.dialog ? ASK_OF[step.dialog.awaiting] : null;
    if (step.handoff) this.handoff(step.handoff, kind);
    return this;
  }

  handoff(reason: HandoffReason, intent: BotIntent = 'handoff', why: string | null = null): this {
    const p = PHRASEBOOK[this.locale];
    const { humanAvailability } = this.input.site;
    if (intent === 'handoff') this.answers.push({ intent, articleId: null, part: this.part });
    this.handoffReason = reason;
    this.state.dialog = null;
    this.state.suspended = null;
    this.state.handedOff = true;
    this.state.lowConfidenceStreak = 0;
    this.state.pendingHandoff = null;
    this.dialogSpoke = false;
    this.asks = null;
    const lead =
      reason === 'return_needs_approval' || reason === 'return_outside_policy'
        ? p.handoff.return
        : (p.handoff as Record<string, string>)[reason] ?? p.handoff.default;
    const lines = why ? [why, p.handoff.default] : [lead];
    if (!humanAvailability.agentsOnline) {
      const when = humanAvailability.nextOpening ? formatOpening(humanAvailability.nextOpening, this.locale, this.input.site.timeZone ?? 'UTC') : null;
      lines.push(p.agentsOffline(when));
    }
    this.replies.push({ body: lines.join(' ') });
    if (!humanAvailability.agentsOnline && !this.input.visitor.email && !this.state.contactEmail && !this.state.email) {
      this.replies.push({ body: p.askContactEmail });
      this.state.awaitingContactEmail = true;
      this.asks = 'contact_email';
    }
    return this;
  }

  /**
   * Brings back a dialog the turn stepped away from: its question again when it only needs the
   * order, else "shall we go on with the return?".
   */
  finish(): this {
    if (this.handoffReason) return this;
    if (this.dialogSpoke) {
      // A dialog begun mid-return has finished: offer the return back.
      if (!this.state.dialog && this.state.suspended) this.offerResume(this.state.suspended);
      return this;
    }
    const open = this.state.dialog;
    if (open && isLookupQuestion(open)) {
      this.replies.push(...pendingQuestion(open, this.locale));
      this.asks = ASK_OF[open.awaiting];
      return this;
    }
    if (open) {
      this.state.suspended = open;
      this.state.dialog = null;
    }
    const waiting = this.state.suspended;
    if (waiting && this.answers.length > 0 && this.asks === null) this.offerResume(waiting);
    return this;
  }

  /** "Shall we go on with the return for order 1001?", last. */
  private offerResume(waiting: OrderDialogState): void {
    this.replies.push({ body: PHRASEBOOK[this.locale].offerResume(waiting.kind, waiting.orderNumber), payload: { quickReplies: yesNoReplies(this.locale) } });
    this.state.offer = 'resume';
    this.asks = 'resume';
  }

  done(): BotDecision {
    // Replies go out with a dialog's question last; the answers are listed in the message's order,
    // two questions about one product ("what is it made of, how much is it") as one answer.
    const answers = [...this.answers]
      .sort((a, b) => a.part - b.part)
      .map(({ intent, articleId }) => ({ intent, articleId }))
      .filter((a, i, all) => !(i > 0 && a.intent === 'product' && all[i - 1]!.intent === 'product'));
    const first = answers[0];
    return {
      locale: this.locale,
      intent: first?.intent ?? 'smalltalk',
      answers,
      asks: this.asks,
      visitorEmail: this.visitorEmail,
      replies: this.replies,
      articleIds: this.articleIds,
      handoff: this.handoffReason ? { reason: this.handoffReason } : null,
      uncertain: this.uncertain,
      state: this.state,
    };
  }
}
