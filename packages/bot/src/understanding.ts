import {
  ACKNOWLEDGEMENT,
  ASSISTANT_TASK,
  BOT_IDENTITY,
  CANCEL_REQUEST,
  DISCOUNT_QUESTION,
  EXCHANGE_REQUEST,
  PASSWORD_QUESTION,
  OWN_THING,
  OWN_PURCHASE,
  ACCOUNT_QUESTION,
  INTERNATIONAL_QUESTION,
  SHIPPING_OPTIONS_QUESTION,
  INVOICE_QUESTION,
  ADDRESS_QUESTION,
  SIZING_STRONG,
  NEWSLETTER_QUESTION,
  SHIPPING_TIME_QUESTION,
  PAYMENT_QUESTION,
  SIZING_QUESTION,
  WARRANTY_QUESTION,
  CAPABILITIES,
  COMPLAINT,
  GENERIC_TIMING,
  GOODBYE,
  GREETING,
  HOW_ARE_YOU,
  HUMAN_REQUEST,
  NAME_QUESTION,
  OFF_TOPIC,
  ORDER_STATUS,
  OTHER_SHOP,
  RETURN_POLICY_QUESTION,
  RETURN_REASONS,
  RETURN_REQUEST,
  SHOP_NOUN,
  SHOP_WORD,
  SMALLTALK_FILLER,
  TRIVIA,
  COURIER_QUESTION,
  POSTAL_ERRAND,
  STRONG_FRUSTRATION,
  SWEARING,
  THANKS,
  UNSUPPORTED,
  type UnsupportedKind,
} from './cue';
import { extractEntities, type Entities } from './entity';
import { detectLanguage, type LanguageHints } from './language';
import { EU_PLACES, FOREIGN_PLACES, ITALIAN_PLACES, STOPWORDS } from './lexicon';
import { normalise, words } from './normaliser';
import type { BotLocale, HandoffReason, ReturnReason } from './model';
import type { Speller } from './speller';

export type SmalltalkTopic = 'greeting' | 'how_are_you' | 'thanks' | 'goodbye' | 'bot' | 'name' | 'capabilities';

/** Steers whose cue words name a topic so plainly that a weaker retrieval match is trusted. */
export const TRUSTED_STEERS: ReadonlySet<string> = new Set(['international', 'account', 'address', 'invoice', 'cancel', 'returns', 'warranty', 'discount', 'payment', 'newsletter', 'sizing_strong', 'shipping_options', 'shipping_time', 'password']);

/** Where the message should go, before the knowledge base is consulted. */
export type Route =
  | { kind: 'smalltalk'; topic: SmalltalkTopic }
  | { kind: 'handoff'; reason: HandoffReason; detail: UnsupportedKind | null }
  | { kind: 'out_of_scope' }
  | { kind: 'order_status' }
  | { kind: 'return' }
  /** A knowledge-base question; `steer` adds words that pull retrieval to the right article. */
  | { kind: 'faq'; steer: Steer | null }
  /** Nothing recognised: try the knowledge base, then decide between "not sure" and out of scope. */
  | { kind: 'unknown' };

export interface Understanding {
  locale: BotLocale;
  /** The message normalised (see `normalise`). */
  text: string;
  entities: Entities;
  route: Route;
  /** Frustration shown in this message: 0 none, 1 swearing or shouting, 2+ anger at the shop. */
  frustration: number;
  /** True when the message uses words about shopping, orders or this shop. */
  shopWords: boolean;
  /** A reason for a return, when the message states one. */
  returnReason: ReturnReason | null;
  /** The retrieval query: the message, with named places replaced and steering words added. */
  query: string;
  /** Meaningful words left once stopwords, numbers and e-mails are removed. */
  residue: string[];
  /** The place outside Italy the message asks about getting things to or from (`foreignPlace`), or null. */
  place: string | null;
}

/** What helps reading a message: the language hints, and a language already known. */
export interface UnderstandingHints extends LanguageHints {
  /** Skip detection: a part of a message is in the language of the whole. */
  forceLocale?: BotLocale;
}

/**
 * Reads one shopper message: language, normalised text, entities, frustration and a first route.
 * Pure and synchronous; `speller` (from the knowledge index) fixes misspellings first.
 */

export function understand(raw: string, fallbackLocale: BotLocale, speller?: Speller, hints: UnderstandingHints = {}): Understanding {
  const locale = hints.forceLocale ?? detectLanguage(raw, fallbackLocale, hints);
  const entities = extractEntities(raw);
  const text = normalise(raw, speller, hints.neutralWords);
  const frustration = frustrationOf(raw, text);
  const shopWords = SHOP_WORD.test(text) || entities.orderNumbers.length > 0;
  const returnReason = RETURN_REASONS.find(([, re]) => re.test(text))?.[0] ?? null;
  const base = { locale, text, entities, frustration, shopWords, returnReason };
  const place = foreignPlace(text, speller);
  const route = routeOf(text, entities, frustration, shopWords, place, returnReason);
  const stop = STOPWORDS[locale];
  const residue = words(text).filter((w) => !stop.has(w) && !/\d/.test(w) && w !== 'email' && w !== 'order' && w !== 'ordine');
  return { ...base, route, query: queryOf(text, route, locale, place), residue, place };
}

function routeOf(text: string, entities: Entities, frustration: number, shopWords: boolean, place: string | null, returnReason: ReturnReason | null = null): Route {
  const hasOrder = entities.orderNumbers.length > 0 || entities.emails.length > 0;
  const wordCount = words(text).length;
  if (!text) return { kind: 'smalltalk', topic: 'greeting' };

  // "Are you a bot or a person?" is small talk, not a request for a person.
  const wantsSomething = /\b(want|need|let me|talk to|speak to|speak with|talk with|voglio|vorrei|parlare con|passami)\b/.test(text);
  if (!hasOrder && wordCount <= 12 && !wantsSomething) {
    if (BOT_IDENTITY.test(text)) return { kind: 'smalltalk', topic: 'bot' };
    if (NAME_QUESTION.test(text)) return { kind: 'smalltalk', topic: 'name' };
    if (CAPABILITIES.test(text) && !SHOP_WORD.test(text.replace(/\b(order|ordine)s?\b/g, ''))) return { kind: 'smalltalk', topic: 'capabilities' };
  }

  if (HUMAN_REQUEST(text)) {
    // "Is anyone there? I need to change the address of order 1003": the request says why.
    const why = UNSUPPORTED.find(([, re]) => re.test(text))?.[0] ?? null;
    return why ? { kind: 'handoff', reason: 'unsupported_request', detail: why } : { kind: 'handoff', reason: 'requested', detail: null };
  }
  // Another domain's word ("reservation", "flight", "car") makes the message off topic, unless
  // it is about the shop's own things ("can you hold my order while I'm on holiday?").
  // "Can I pay by cheque?", "put my discount code in": the shop's own business wins over a word of another domain.
  const discount = DISCOUNT_QUESTION(text);
  const courier = COURIER_QUESTION.test(text);
  const ownBusiness =
    discount || courier || /\b(pay|paying) (by|with|via|using|in)\b|\bpagare (con|in|tramite)\b/.test(text) || (SHIPPING_TIME_QUESTION(text) && /\b(order|ordino|ordine)\b/.test(text));
  const offTopic = entities.orderNumbers.length === 0 && !SHOP_NOUN.test(text) && ((OFF_TOPIC(text) && !ownBusiness) || POSTAL_ERRAND.test(text));
  // "How do I write a complaint to the town hall?" is another domain's complaint.
  if (COMPLAINT(text) && !offTopic && !/\bwarranty claim|claim under (the )?warranty|garanzia\b/.test(text)) return { kind: 'handoff', reason: 'complaint', detail: null };
  if (frustration >= 2) return { kind: 'handoff', reason: 'frustration', detail: null };

  // "Do you match Zalando's price?" names another shop but asks this one for something.
  const priceMatch = UNSUPPORTED.some(([kind, re]) => kind === 'price_match' && re.test(text));
  if (priceMatch && !ASSISTANT_TASK.test(text) && !CANCEL_REQUEST(text)) return { kind: 'handoff', reason: 'unsupported_request', detail: 'price_match' };
  // "Who delivers for you, Poste or Bartolini?" names couriers to ask about the shop's own.
  if ((OTHER_SHOP.test(text) && !courier) || ASSISTANT_TASK.test(text)) return { kind: 'out_of_scope' };
  // "Who designed the very first trench coat?": the shop's words, asked of history, not of the shop.
  if (TRIVIA.test(text) && !/\b(your|you|yours|vostr\w*|voi|this shop|questo negozio)\b/.test(text)) return { kind: 'out_of_scope' };
  if (offTopic) return { kind: 'out_of_scope' };

  const smalltalk = hasOrder || PAYMENT_QUESTION(text) || discount ? null : smalltalkOf(text);
  if (smalltalk) return { kind: 'smalltalk', topic: smalltalk };

  // "Swap my shoes for a 43" (the shopper's own thing, or an order named) is a request; without one, a question.
  const ownExchange = EXCHANGE_REQUEST.test(text) && (OWN_THING.test(text) || entities.orderNumbers.length > 0);
  const returnRequest = RETURN_REQUEST(text) || ownExchange;
  const policyQuestion = RETURN_POLICY_QUESTION(text) && !ownExchange;
  let unsupported = UNSUPPORTED.find(([, re]) => re.test(text))?.[0] ?? null;
  // "The reset e-mail never arrived" is not a lost parcel.
  if (unsupported === 'delivery_problem' && /\b(e ?mails?|link|code|codice|sms|message|messaggio|newsletter|password)\b/.test(text)) unsupported = null;
  // "A code from a coupon site doesn't work": the code's problem, not the site's.
  if (unsupported === 'site_problem' && discount) unsupported = null;
  // "I put the wrong address on my order" is the shopper's own mistake, which the FAQ covers.
  if (unsupported === 'delivery_problem' && /\b(i|i have|we) (put|entered|typed|gave|used|wrote|inserted|selected|chose)\b.{0,25}\bwrong\b|\bho (messo|inserito|scritto|sbagliato) (l |un )?indirizzo\b/.test(text)) unsupported = null;
  // "The strap broke, is that covered?" asks about the warranty; with "send it back" it is a return.
  if (unsupported === 'product_defect' && (WARRANTY_QUESTION(text) || returnRequest)) unsupported = null;
  // "I'd like to cancel, I found it cheaper elsewhere": the request is the cancellation.
  if (unsupported === 'price_match' && CANCEL_REQUEST(text)) unsupported = null;
  // A shopper sending back a wrong or faulty item is a return; reporting the problem alone is not.
  if (unsupported && !(returnRequest && !policyQuestion && (unsupported === 'delivery_problem' || unsupported === 'custom_work'))) {
    return { kind: 'handoff', reason: 'unsupported_request', detail: unsupported };
  }

  if (WARRANTY_QUESTION(text) && (!returnRequest || (/\b(warranty|guarantee|garanzia)\b/.test(text) && /^(what|how|when|is|does|cosa|come|quando|e)\b/.test(text)))) return { kind: 'faq', steer: 'warranty' };
  // "If I pay by bank transfer, within how many days?": the payment article, not the returns window.
  if (/\b(bonifico|bank transfer|wire transfer)\b/.test(text) && !returnRequest) return { kind: 'faq', steer: 'payment' };
  if (PASSWORD_QUESTION.test(text)) return { kind: 'faq', steer: 'password' };
  if (discount && !returnRequest) return { kind: 'faq', steer: 'discount' };
  // "Cancel my order and refund me" is a cancellation; "cancel… I'll return it" is a return.
  const sendsBack = /\b(return|returning|send (\w+ ){0,2}back|exchange|reso|resi|restitu\w*|rimand\w*|rispedi\w*|render\w*)\b/.test(text);
  if (CANCEL_REQUEST(text) && (!returnRequest || !sendsBack)) return { kind: 'faq', steer: 'cancel' };
  // "Can I return something from 1010?" names the order: a request, not a question about the rules.
  if (policyQuestion && !(returnRequest && entities.orderNumbers.length > 0)) return { kind: 'faq', steer: 'returns' };
  if (SIZING_STRONG(text) && !returnRequest) return { kind: 'faq', steer: 'sizing_strong' };
  const status = ORDER_STATUS(text);
  if (SIZING_QUESTION(text) && !returnRequest && !status) return { kind: 'faq', steer: 'sizing' };
  const documentOrAddress = /\b(invoice\w*|bills?|receipts?|address\w*|fattur\w*|ricevut[ae]|scontrin\w*|indirizz\w*|password|account|newsletter)\b/.test(text);
  const hypothetical = /\b((if|once|when|after) (i|we) (order|buy|place|purchase)|(if|once) (i|we) (have )?(ordered|placed)|se (ordino|compro|acquisto|faccio un ordine)|(una volta|dopo) (che )?(ordinato|aver ordinato|fatto l ordine)|quando (ordino|compro))\b/.test(text);
  const personalTiming = !hypothetical && !(GENERIC_TIMING.test(text) && !/\b(my|mine|our|mio|mia|miei|mie)\b/.test(text) && entities.orderNumbers.length === 0);
  // "Can I get my order shipped to Toronto?" asks where the shop delivers, not where an order is.
  if (place && entities.orderNumbers.length === 0 && !returnRequest) return { kind: 'faq', steer: 'international' };
  if (returnRequest) return { kind: 'return' };
  // "The trench from 370795561790 is too big": a problem that a return solves, stated with its order.
  const problem = returnReason === 'wrong_size' || returnReason === 'not_as_described' || returnReason === 'changed_mind';
  if (problem && entities.orderNumbers.length > 0 && !status) return { kind: 'return' };
  // "Got the trench yesterday, it's way too big, sending it back": the shopper's own item, and a reason.
  if (problem && OWN_PURCHASE.test(text) && /\b(back|money|refund|indietro|rimbors\w*|soldi|reso|rendo|restituisc\w*)\b/.test(text)) return { kind: 'return' };
  if (status && !documentOrAddress && personalTiming) return { kind: 'order_status' };
  if (ADDRESS_QUESTION(text)) return { kind: 'faq', steer: 'address' };
  if (PAYMENT_QUESTION(text) && entities.orderNumbers.length === 0) return { kind: 'faq', steer: 'payment' };
  if (NEWSLETTER_QUESTION(text)) return { kind: 'faq', steer: 'newsletter' };
  if (INTERNATIONAL_QUESTION(text) && entities.orderNumbers.length === 0) return { kind: 'faq', steer: 'international' };
  if (ACCOUNT_QUESTION(text) && !/\b(password|pw|pwd)\b/.test(text)) return { kind: 'faq', steer: 'account' };
  if (INVOICE_QUESTION(text) && !/\bbilling\b/.test(text)) return { kind: 'faq', steer: 'invoice' };

  if (entities.orderNumbers.length > 0 && !documentOrAddress) return { kind: 'order_status' };
  if (SHIPPING_TIME_QUESTION(text) && !documentOrAddress) return { kind: 'faq', steer: 'shipping_time' };
  if (SHIPPING_OPTIONS_QUESTION(text) && !documentOrAddress) return { kind: 'faq', steer: 'shipping_options' };
  if (entities.emails.length > 0 && /\b(order|ordine|spedizione|pacco|consegna|shipment|package|parcel)\b/.test(text)) return { kind: 'order_status' };
  return shopWords ? { kind: 'faq', steer: null } : { kind: 'unknown' };
}

const QUESTION_WORDS = new Set(['when', 'where', 'what', 'how', 'why', 'which', 'who', 'does', 'do', 'can', 'quando', 'dove', 'come', 'cosa', 'perche', 'quanto', 'quale', 'quali', 'chi']);

/** The small-talk kind when the message is only a greeting, thanks or goodbye (with filler). */
function smalltalkOf(text: string): SmalltalkTopic | null {
  let found: SmalltalkTopic | null = null;
  let rest = text;
  for (const [topic, re] of [
    ['thanks', THANKS],
    ['goodbye', GOODBYE],
    ['how_are_you', HOW_ARE_YOU],
    ['greeting', GREETING],
    ['thanks', ACKNOWLEDGEMENT],
  ] as const) {
    re.lastIndex = 0;
    const next = rest.replace(re, ' ');
    if (next !== rest) {
      found ??= topic;
      rest = next;
    }
  }
  if (!found) return null;
  const left = words(rest.replace(/\s+/g, ' ').trim()).filter((w) => !SMALLTALK_FILLER.has(w));
  // "fine, when does it arrive then?" asks something: not small talk.
  if (left.some((w) => QUESTION_WORDS.has(w))) return null;
  // A few more words around it ("you rock, thanks") are still small talk, unless they are about the shop.
  return left.length === 0 || (left.length <= 3 && !SHOP_WORD.test(text)) ? found : null;
}

function frustrationOf(raw: string, text: string): number {
  let score = 0;
  if (STRONG_FRUSTRATION(text)) score += 2;
  if (SWEARING.test(text)) score += 1;
  const letters = raw.replace(/[^A-Za-zÀ-ÿ]/g, '');
  if (letters.length >= 8 && letters.replace(/[^A-ZÀ-Þ]/g, '').length / letters.length > 0.7) score += 1;
  if (/[!?]{3,}/.test(raw) && score > 0) score += 0.5;
  return score;
}

type Steer = 'password' | 'international' | 'account' | 'shipping_options' | 'address' | 'invoice' | 'cancel' | 'returns' | 'warranty' | 'discount' | 'sizing' | 'sizing_strong' | 'payment' | 'newsletter' | 'shipping_time';

const STEER: Record<Steer, Record<BotLocale, string>> = {
  account: { en: 'account', it: 'account' },
  password: { en: 'password reset', it: 'password reimpostare' },
  warranty: { en: 'warranty', it: 'garanzia' },
  discount: { en: 'discount code', it: 'codice sconto' },
  sizing: { en: 'size', it: 'taglia' },
  sizing_strong: { en: 'size', it: 'taglia' },
  payment: { en: 'payment methods', it: 'metodi di pagamento' },
  address: { en: 'shipping address', it: 'indirizzo di spedizione' },
  shipping_options: { en: 'delivery options courier', it: 'modalita di spedizione corrieri' },
  invoice: { en: 'invoice receipt', it: 'fattura ricevuta' },
  newsletter: { en: 'newsletter', it: 'newsletter' },
  shipping_time: { en: 'delivery time how long', it: 'tempi di consegna quanto tempo' },
  cancel: { en: 'cancel order cancellation', it: 'annullare ordine annullamento' },
  returns: { en: 'return policy refund', it: 'politica di reso rimborso' },
  international: { en: 'ship countries international abroad', it: 'spedite paesi estero' },
};

/** The words a steer adds to the query ("return policy refund"), for a context the bot sets itself. */
export function steerWords(steer: Steer, locale: BotLocale): string {
  return STEER[steer][locale];
}

function queryOf(text: string, route: Route, locale: BotLocale, anyPlace: string | null): string {
  let query = text;
  let steer: string | null = route.kind === 'faq' && route.steer ? STEER[route.steer][locale] : null;
  // A place in the EU also stands for "EU" ("returns from Germany" → "other EU countries").
  if (anyPlace && EU_PLACES.has(anyPlace)) query = `${query} ${locale === 'it' ? 'ue paesi ue' : 'eu countries eu'}`;
  // A place steers only questions no cue has placed yet ("who pays for returns from the UK?" is
  // about returns).
  const place = route.kind === 'faq' && route.steer ? null : anyPlace;
  if (place) {
    query = query.replace(new RegExp(`\\b${place}\\b`, 'g'), ' ');
    // Twice: the place decides the topic more than "how long" or "how much" does.
    steer = `${steer ?? ''} ${STEER.international[locale]} ${STEER.international[locale]}`;
  }
  return steer ? `${query} ${steer}` : query;
}

/**
 * A place outside Italy the message asks about ("do you ship to Seattle", "spedite in Norvegia"),
 * or null. Known places are matched anywhere; an unknown word right after "ship to"/"order from"
 * is taken as a place too.
 */
export function foreignPlace(text: string, speller?: Speller): string | null {
  if (!PLACE_CONTEXT.test(text)) return null;
  const known = namedPlace(text);
  if (known) return known;
  const m = /\b(ship|shipping|deliver|delivery|deliveries|send|order|ordering|purchase|buy|spedite|spedire|spedizione|consegnate|consegna|ordinare|comprare)\b (to|in|from|into|a|in|verso|dal|dalla|dall|dagli|negli|nel|nella)\b (the )?([a-z]+)/.exec(text);
  const candidate = m?.[4];
  if (candidate && candidate.length >= 4 && !ITALIAN_PLACES.has(candidate) && !COMMON_AFTER_PREPOSITION.test(candidate) && !speller?.has(candidate)) return candidate;
  return null;
}

/** A known place outside Italy the text names, whatever the context ("e in Austria?"), or null. */
export function namedPlace(text: string): string | null {
  const abbreviation = /\b(the us|the usa|the uk|the states|u s a?|u k)\b/.exec(text);
  if (abbreviation) return abbreviation[1]!;
  const tokens = words(text);
  for (let i = 0; i < tokens.length; i++) {
    const one = tokens[i]!;
    const two = i + 1 < tokens.length ? `${one} ${tokens[i + 1]}` : '';
    if (two && FOREIGN_PLACES.has(two)) return two;
    if (FOREIGN_PLACES.has(one) && one !== 'us' && one !== 'it') return one;
  }
  return null;
}

/** A place only matters when the message is about getting things there (or from there). */
const PLACE_CONTEXT =
  /\b(ship\w*|deliver\w*|send|sent|order\w*|buy|buying|purchase|customs|duties|import|spedi\w*|consegn\w*|ordin\w*|compr\w*|dogan\w*|dazi|arriv\w*|mand\w*|invi\w*|post|gift|regal\w*)\b/;

/** Words that follow "ship to"/"order from" without being places. */
const COMMON_AFTER_PREPOSITION =
  /^(your|you|my|the|this|that|these|those|another|other|different|home|work|office|address|addresses|person|someone|somebody|friend|mother|mum|mom|family|pick|pickup|locker|lockers|point|points|store|shop|website|site|casa|mia|mio|tua|un|una|altro|altra|indirizzo|persona|ufficio|lavoro|locker|punto|negozio|sito|vostro|vostra|voi|domicilio|fermopoint|giornata|tempo|weekend|order|orders|ordine|same|next|today|tomorrow|oggi|domani|abroad|estero|europe|europa|everywhere|anywhere|islands|isole|mainland|po|box|here|there|qui|li)$/;
