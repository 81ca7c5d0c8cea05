import { OrderSourceError, type Product, type ProductCard, type ProductSummary, type ProductVariant, type SizeGuide } from '@sportello/protocol';
import { fold } from './normaliser';
import { sizeIn } from './order-dialog';
import { PHRASEBOOK, type ProductPhrases } from './phrasebook';
import { COLOUR_WORDS, type ProductCatalogue, type ProductMatch } from './product-catalogue';
import { namedPlace, TRUSTED_STEERS, type Understanding } from './understanding';
import { ITALIAN_PLACES } from './lexicon';
import { isFollowUpForm, OWN_PURCHASE, POINTING_BACK } from './cue';
import type { BotInput, BotLocale, BotState } from './model';
import type { Outcome } from './decision';

/** What a product question asks. */
export type ProductAspect = 'stock' | 'price' | 'material' | 'care' | 'size' | 'fit' | 'options' | 'info' | 'list';

export interface ProductQuestion {
  /** What is asked, in the order answered; `restock` alone means a date only a person can give. */
  aspects: ProductAspect[];
  restock: boolean;
  /** Best first; one when the words point to one product. Empty: the shop does not seem to sell it. */
  candidates: ProductSummary[];
  /** The thing asked about when nothing in the catalogue matches ("sunglasses"). */
  unknownThing: string | null;
  size: string | null;
  colour: string | null;
  /** Body measurements in cm by name (`chest`, `waist`, `foot length`…; `cm` for a number with no name). */
  measurements: Record<string, number>;
  /** The shopper's words, kept when the bot must ask which product they mean. */
  text: string;
  /** True when the message asks something of the product in words ("is it in stock?"), not only names it. */
  explicit: boolean;
}

const words = (...list: string[]) => new RegExp(`\\b(${list.join('|')})\\b`);

/** "when will it be back in stock", "tornerà disponibile", "on the site it says sold out". */
const RESTOCK = words(
  'back in stock', 'restock\\w*', 're stock\\w*', 'in stock again', 'available again', 'be back', 'come back in', 'get more', '(get|have|stock) (\\w+ )?(in )?again', 'again in stock', '(get|getting|got) (any |some )?more\\b', '(coming|come) back', 'when (will|are|is) (they|it) (be )?(back|available)',
  'tornera\\w* (\\w+ )?disponibil\\w*', 'quando (torna|tornano|ritorna|ritornano|rientra|rientrano)', 'quando (lo |la |li |le )?(rimettete|rimetterete|riavete|riavrete|riprendete|ricaricate)', '(lo |la |li |le )?(rimettete|rimetterete|riavrete) (in vendita|in magazzino|disponibil\\w*)', 'when (will|do) you (restock|get (it|them) (back|in))', 'torna (disponibile|in magazzino)', 'tornera\\w* in (magazzino|vendita)', 'torna(no)? disponibil\\w*', 'ritorn\\w* disponibil\\w*', 'rientr\\w* (in magazzino|disponibil\\w*)', 'riassortiment\\w*', 'di nuovo disponibil\\w*', 'di nuovo in magazzino',
  '(on|in) (the )?(site|website|app|shop)\\b.{0,20}\\b(sold out|out of stock|unavailable)', '(sold out|out of stock|unavailable)\\b.{0,15}\\b(on|in) (the )?(site|website|app)',
  '(risulta|e|sono|segna) (\\w+ )?(esaurit\\w*|non disponibil\\w*)', 'esaurit\\w* (sul|nel) sito',
);
const ASPECTS: [ProductAspect, RegExp][] = [
  ['stock', words('what (have you got|do you have)', '(cosa|che cosa|che) avete', 'in stock', 'out of stock', 'sold out', 'available', 'availability', 'do you (still )?(have|sell|carry|stock|do|make)', '(do|does) (they|it) (have|come in)', 'got (any|it|them|one) in', 'have you got', 'got (it|any|one|this|them|these) in', 'any left', 'left in',
    'esaurit\\w*', 'disponibil\\w*', 'c e\\W*$', 'avete', 'ce l avete', 'c e (la|il|lo|ancora|in|nella|nel|una|un)', 'ci sono', 'rimast\\w*', 'finit[oaie]', 'in magazzino', 'vendete', 'trovo')],
  ['price', words('how much', 'price', 'prices', 'priced', 'cost', 'costs', 'costa', 'costano', 'prezzo', 'prezzi', 'quanto viene', 'quanto vengono', 'on sale', 'in saldo', 'scontat\\w*', 'quanto (e|sono)')],
  ['material', words('waterproof', 'water ?proof', 'water resistant', 'water repellent', 'rainproof', '(in|for) the rain', 'keeps? (you |me )?dry', 'impermeabil\\w*', 'regge (la |alla )?pioggia', 'resiste (alla )?pioggia', 'resistente all acqua', 'idrorepellente', 'stretch\\w*', 'elastic\\w*', 'elasticizzat\\w*', 'si allarga', 'lined', 'foderat\\w*', 'fodera', 'warm', 'cald[oa]', '(d|di|in) (oro|argento) ver[oa]', 'real (gold|silver|leather|silk)', 'solid gold', 'pure (silk|wool|cashmere)', '(vera|vero) (pelle|seta|lana)', 'di che cosa (e|sono)', 'di cosa (e|sono) fatt\\w*', 'made (of|from)', 'material', 'materials', 'fabric', 'composition', 'what is it made', 'di che (materiale|tessuto|stoffa)', 'materiale', 'tessuto', 'stoffa', 'composizione', 'fatt[oaie] (di|in)',
    '(is|are) (it|they|this|these|that|the \\w+( \\w+)?) (100 )?(real |pure )?(cotton|linen|wool|leather|silk|cashmere|merino|suede|denim|viscose|polyester)', '(e|sono) (di|in) (vero |vera |pura |puro )?(cotone|lino|lana|pelle|seta|cashmere|camoscio|viscosa|poliestere|jeans)')],
  ['care', words('go in the (washing )?machine', 'in lavatrice', 'machine washable', 'wash\\w*', 'dry clean\\w*', 'ironing', 'iron it', 'tumble dr\\w*', 'care (for|instructions|label)', 'look after', 'lavar\\w*', 'lavaggio', 'lavabil\\w*', 'lavatrice', 'si lava', 'stirar\\w*', 'tintoria', 'lavasecco', 'asciugatrice')],
  ['size', words('leg length', 'inside leg', 'inseam', 'sleeve length', 'lunghezza (della )?gamba', 'cavallo', 'lunghezza delle maniche', 'which size', 'what size', 'size (should|do|would|shall)', 'my size', 'usually (wear|take|an?|a size|size)', 'i (wear|take) (a |an |size )?(xs|s|m|l|xl|xxl|\\d\\d)', 'normally (wear|take)', 'chest', 'bust', 'waist', 'hips', 'foot', 'feet',
    '\\d+ ?cm', 'fit', 'fits', 'fitting', 'runs? (small|large|big)', 'come up (small|large|big)', 'true to size', 'size guide', 'size chart', 'che taglia', 'quale taglia', 'di solito (porto|prendo|ho|indosso)', 'porto (la|il|una|un|l)',
    'prendo (la|il|una|un)', 'petto', 'torace', 'seno', 'girovita', 'fianchi', 'piede', 'vestibilita', 'veste (grande|piccol\\w*|strett\\w*|larg\\w*|regolare)', 'vest(e|ono) (regolar\\w*|larg\\w*|strett\\w*|slim|aderent\\w*|piccol\\w*|grand\\w*)', 'calza', 'calzata', 'tabella (delle )?taglie', 'guida (alle )?taglie')],
  ['fit', words('slim (cut|fit)', 'regular (cut|fit)', 'oversized?', 'what (cut|fit)', 'is it (slim|regular|loose|tight|fitted)', 'how does it fit', 'the fit', 'vestibilita', 'taglio', '(e|è) (slim|aderente|largo|larga|stretto|stretta|regolare|comodo|comoda)', 'come veste')],
  ['options', words('what colou?rs', 'which colou?rs', 'other colou?rs', 'colou?rs (does|do) it', 'come in (other|any|which|what)', 'what sizes', 'which sizes', 'sizes (does|do) it', 'che colori', 'quali colori', 'altri colori', 'in che colori', 'che taglie', 'quali taglie', 'in che taglie')],
  ['info', words('unisex', 'for (men|women)', 'men s or women s', 'da uomo o da donna', 'da (uomo|donna)\\?', 'ci sta', 'ci entra', 'ci stanno', 'fits? (a|an|my)', 'can (it|you) fit', 'big enough', 'abbastanza grande', 'tell me (more )?about', 'details', 'describe', 'info\\w* (on|about)', 'dimension\\w*', 'how big', 'what does it look like', 'quanto e grande', 'dimensioni', 'descrizione', 'dettagli', 'com e (fatto|fatta)', 'parlami (di|del|della)')],
];
/** Nouns of things a shopper may ask a clothing shop for, to tell "you don't sell that" from an off-topic message. */
const THING_REQUEST = /\b(?:do you (?:sell|have|carry|stock|make|do)|have you got|vendete|avete(?: anche)?(?: (?:degli|delle|dei|il|la|lo|i|le|gli|un|una))?)\s+(?<thing>\w+(?: \w+)?)/;

/** Body measurement words in both languages → the guide's measurement names. */
const MEASUREMENT_WORDS: [RegExp, string][] = [
  [/\b(chest|petto|torace|circonferenza torace)\b/g, 'chest'],
  [/\b(bust|seno|circonferenza seno)\b/g, 'bust'],
  [/\b(waist|vita|girovita)\b/g, 'waist'],
  [/\b(hips?|fianchi|bacino)\b/g, 'hips'],
  [/\b(foot|feet|piede|piedi|foot length|lunghezza del piede)\b/g, 'foot length'],
];

/**
 * A product question in the message, or null: the catalogue names a product (or the last product
 * answered is meant, "is it available in black?") and the message asks about it, or it asks for
 * something the catalogue does not have. `picked` replaces the candidates (an answer to "which one?").
 */
export function productQuestionOf(input: BotInput, u: Understanding, raw: string, state: BotState, picked?: ProductSummary): ProductQuestion | null {
  const catalogue = input.catalogue;
  if (!catalogue || catalogue.size === 0) return null;
  const route = u.route;
  // A person, a complaint, an order or a return come first ("return the linen shirt from 1001").
  if (route.kind === 'out_of_scope' || route.kind === 'return') return null;
  if (u.entities.emails.length > 0) return null;
  // "The sweater arrived with a hole", "il maglione che ho preso è già in viaggio?": the shopper's own item.
  if (OWN_PURCHASE.test(u.text) && !picked) return null;
  if (route.kind === 'handoff' && !(route.reason === 'unsupported_request' && route.detail === 'stock')) return null;
  // A question the shop's articles name plainly (warranty, returns, cancellation…) stays theirs,
  // unless it asks whether the product is there ("is the linen shirt returnable?" is about returns).
  const steered = route.kind === 'faq' && route.steer !== null && route.steer !== 'sizing_strong' && TRUSTED_STEERS.has(route.steer);
  if (route.kind === 'order_status' || u.entities.orderNumbers.length > 0) return null;
  // The shopper's own words, before spelling correction: product names are not typos.
  const plain = fold(raw).replace(/[^a-z0-9.,]+/g, ' ').replace(/(?<!\d)[.,]|[.,](?!\d)/g, ' ').replace(/\s+/g, ' ').trim();
  const text = `${u.text} ${plain}`;
  const restock = RESTOCK.test(text);
  const aspects = ASPECTS.filter(([, re]) => re.test(text)).map(([a]) => a);
  if (steered && !aspects.some((a) => a === 'stock' || a === 'options')) return null;
  const measurements = measurementsIn(plain);
  if (Object.keys(measurements).some((k) => k !== 'cm') && !aspects.includes('size')) aspects.push('size');
  // The product answered last, when the last turn was about it, or the message points back at it
  // with a colour or size ("and that one in navy?").
  let size = sizeIn(plain) ?? null;
  const colour = colourIn(plain);
  const pointsBack = POINTING_BACK.test(u.text) && (size !== null || colour !== null);
  const focus = state.focusProduct && (state.lastTopics?.includes('product') || pointsBack) ? catalogue.get(state.focusProduct.id) : null;
  // The catalogue's matches, searched once for this message.
  const matches = picked ? [] : catalogue.find(raw, 6);
  let candidates = picked ? [picked] : clearMatches(catalogue, matches, u, aspects, measurements, colour);
  // Small talk is small talk, unless it carries a product question ("ok, and in white the L?").
  if (route.kind === 'smalltalk' && candidates.length === 0 && !(focus && (size || colour || aspects.length))) return null;
  if (route.kind === 'smalltalk' && candidates.length > 0 && aspects.length === 0) return null;
  const onFocus = candidates.length === 0 && !!focus && (aspects.length > 0 || restock || ((size || colour || SIZE_BACK.test(plain)) && u.residue.length <= 5));
  if (onFocus && !mentionsOtherTopic(u)) {
    // "and in black?", "what is it made of?", "in that size?": the product answered last.
    candidates = [focus!];
    if (!size && SIZE_BACK.test(plain)) size = state.focusProduct?.size ?? null;
    if (!size && colour && state.focusProduct?.size) size = state.focusProduct.size;
  }
  if (candidates.length === 0) {
    // "What accessories do you have?": the products of a kind the catalogue has.
    const kind = CATEGORY_REQUEST.exec(plain)?.[2] ?? null;
    const listed = kind ? catalogue.ofKind(kind) : [];
    if (listed.length > 0) return { aspects: ['list'], restock: false, candidates: listed, unknownThing: null, size, colour, measurements, text: raw, explicit: true };
    // "Do you sell sunglasses?": a thing the catalogue does not have, asked of a shop (not a topic of its own).
    const thing = route.kind === 'unknown' || (route.kind === 'faq' && !route.steer) ? (THING_REQUEST.exec(plain)?.groups?.thing ?? WHAT_ABOUT.exec(plain)?.[2] ?? null) : null;
    // "and gloves?": a question by its mark; inside a dialog an unknown word is an answer to it.
    // "And gloves?" only while talking about products ("e l'express?" after shipping is not a product).
    const asked = aspects.includes('stock') || (WHAT_ABOUT.test(plain) && !!state.lastTopics?.includes('product') && (/\b(what|how) about\b/.test(plain) || /\?\s*$/.test(raw)));
    const unknownThing = thing && asked && !restock && !state.dialog && isThing(thing, u) ? thing : null;
    return unknownThing ? { aspects: ['stock'], restock: false, candidates: [], unknownThing, size, colour, measurements, text: raw, explicit: true } : null;
  }
  const explicit = aspects.length > 0 || restock;
  // "Also on shoes?" after a warranty answer: a follow-up about a kind of thing, not a product.
  if (!explicit && !picked && state.lastTopics?.includes('faq') && !state.lastTopics.includes('product') && isFollowUpForm(u.text) && !(matches[0]?.modifiers ?? false)) return null;
  // The product's name alone ("the linen shirt?"): what it is, its price and whether it is there.
  if (aspects.length === 0 && !restock) {
    if ((u.residue.length > 5 || (route.kind === 'faq' && route.steer)) && !picked && !onFocus) return null;
    aspects.push(size || colour ? 'stock' : 'info');
  }
  // Which size to take is the size guide article's when the shopper speaks of a kind of garment,
  // or is between two sizes; for one product, or with a measurement, that product's guide answers.
  if (aspects.length === 1 && aspects[0] === 'size' && !picked && !onFocus) {
    const named = Object.keys(measurements).some((k) => k !== 'cm');
    const specific = (matches[0]?.score ?? 1) >= 0.6 || pointedAt(u.text, candidates[0]!, catalogue, true);
    // A usual size for a kind of garment ("I wear a 42 in shoes, what's that in UK?") is the size
    // guide article's conversions; for one product, or with measurements, the product's guide.
    if (candidates.length > 1 || (!named && BETWEEN_SIZES.test(plain)) || (!specific && !named) || MEASURE_HOW.test(plain)) return null;
  }
  return { aspects: [...new Set(aspects)], restock, candidates, unknownThing: null, size, colour, measurements, text: raw, explicit };
}

/** "how do I measure my waist": the size guide article's, whatever garment follows. */
const MEASURE_HOW = /\b(how (do|should|can|to) (i )?measure|come (mi )?(misuro|si misura|prendo le misure|misurare))\b/;

/** "in that size", "the same size": the size asked about before. */
const SIZE_BACK = /\b(that size|same size|in that|quella taglia|stessa taglia|nella stessa)\b/;
/** "between a 40 and a 42", "tra la 40 e la 42", "M or L". */
const BETWEEN_SIZES = /\b(between|tra|fra)\b.{0,20}\b(and|e)\b|\b(xs|s|m|l|xl|xxl|\d\d) or (an? )?(xs|s|m|l|xl|xxl|\d\d)\b|\b(xs|s|m|l|xl|xxl|\d\d) o (la |il )?(xs|s|m|l|xl|xxl|\d\d)\b/;
/** "what accessories do you have", "quali borse avete", "do you have any coats?". */
const CATEGORY_REQUEST = /\b(what|which|what kind of|what sort of|quali|che|che tipo di) (\w+) (do you (have|sell|carry|stock)|have you got|avete|vendete|ci sono|trattate)\b/;
/** "what about a men's tie?", "e una cravatta?". */
const WHAT_ABOUT = /^(ok |okay |and |so )?(?:(?:what about|how about) (?:an? |some )?|(?:and|e) (?:an? |some |una |un |uno |delle |dei |degli )?)(\w+(?: \w+)?)\W*$/;

/** The candidates the shopper's words point to: one when one product stands out, else the close ones. */
function clearMatches(catalogue: ProductCatalogue, matches: ProductMatch[], u: Understanding, aspects: ProductAspect[], measurements: Record<string, number>, colour: string | null): ProductSummary[] {
  if (matches.length === 0) return [];
  const best = matches[0]!;
  if (!best.head && best.score < 0.6) return [];
  // "dresses", "a dress", "trousers size": the kind of thing, not one product, unless pointed at
  // ("the dress", "questo vestito"), named with more than its noun ("the midi dress"), or asked
  // about as a thing to buy ("how much are the chinos?", "chinos for a 86 cm waist").
  const asBought = aspects.some((a) => a === 'stock' || a === 'price' || a === 'material' || a === 'care') || Object.keys(measurements).some((k) => k !== 'cm');
  if (best.score < 0.6 && !asBought && !pointedAt(u.text, best.product, catalogue)) return [];
  const close = matches.filter((m) => m.score >= best.score - 0.15 && (m.head || !best.head));
  // A colour named can tell two otherwise equal products apart.
  if (close.length > 1) {
    if (colour) {
      const withColour = close.filter((m) => optionValues(m.product, 'colour').some((v) => fold(v) === colour));
      if (withColour.length >= 1 && withColour.length < close.length) return withColour.map((m) => m.product);
    }
  }
  return close.map((m) => m.product);
}

/** Determiners that point at one thing: "the shirt", "this coat", "il cappotto", "quella borsa". */
const POINTING = new Set(['the', 'this', 'that', 'il', 'lo', 'la', 'l', 'questo', 'questa', 'quel', 'quello', 'quella', 'vostro', 'vostra']);

/** True when a word for the product comes right after a pointing determiner (one adjective may sit between). */
function pointedAt(text: string, product: ProductSummary, catalogue: ProductCatalogue, strict = false): boolean {
  const tokens = text.split(' ');
  // Strictly: the determiner right before the noun ("the trousers", not "the right trousers size").
  return tokens.some((t, i) => (POINTING.has(tokens[i - 1] ?? '') || (!strict && POINTING.has(tokens[i - 2] ?? ''))) && catalogue.names(t, product));
}

function mentionsOtherTopic(u: Understanding): boolean {
  return /\b(ship\w*|deliver\w*|return\w*|refund\w*|order\w*|spedizion\w*|spedi\w*|consegn\w*|reso|resi|rimbors\w*|ordin\w*|pagament\w*|payment|account|password|newsletter|codice|code|fattur\w*|invoice)\b/.test(u.text);
}

function isThing(thing: string, u: Understanding): boolean {
  // "What about Canada?" asks about a place, not a thing to buy.
  if (namedPlace(thing) || ITALIAN_PLACES.has(thing.split(' ')[0]!)) return false;
  if (/^(yours|mine|ours|it|them|that|this|those|these|you|me|us|tuo|tua|vostro|vostra|vostri|voi|lui|lei|quello|quella|questo|questa|loro|then|now|allora|adesso|ora|too|anche)\b/.test(thing)) return false;
  return !mentionsOtherTopic(u) && !/\b(a|an|any|the|it|them|this|that|un|una|il|la|lo|questo|quello|size|taglia|colou?r|colore|discount|sconto|code|codice|gift|regalo|stores?|negoz\w*|shop|phone|telefono|app|account|time|tempo)\b/.test(thing.split(' ')[0]!);
}

/** The colour the message names, as a folded option value ("light blue"), or null. */
function colourIn(text: string): string | null {
  const padded = ` ${text} `;
  for (const english of ['light blue', 'white', 'black', 'navy', 'blue', 'grey', 'red', 'pink', 'sand', 'beige', 'camel', 'charcoal', 'burgundy', 'emerald', 'green', 'brown', 'cognac', 'ivory', 'tan']) {
    if (padded.includes(` ${english} `)) return english;
  }
  for (const word of text.split(' ')) {
    const mapped = COLOUR_WORDS[word];
    if (mapped) return mapped[0]!;
  }
  return null;
}

/**
 * Body measurements the message gives: each number (with cm or inches, or none) goes with the
 * measurement word nearest to it ("my chest is 100 cm", "petto 98", "bust 90 waist 70 hips 96").
 * A number in cm with no word is kept under `cm`.
 */
function measurementsIn(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  const named = MEASUREMENT_WORDS.flatMap(([re, name]) => [...text.matchAll(re)].map((m) => ({ name, at: m.index ?? 0, end: (m.index ?? 0) + m[0].length })));
  for (const m of text.matchAll(/\b(\d{2,3}(?:[.,]\d)?)\s*(cm|centimetri|centimeters|inches|inch|pollici)?\b/g)) {
    const at = m.index ?? 0;
    let value = Number(m[1]!.replace(',', '.'));
    if (m[2] && /^(inch|inches|pollici)$/.test(m[2])) value = Math.round(value * 25.4) / 10;
    let nearest: { name: string; distance: number } | null = null;
    for (const w of named) {
      const distance = w.end <= at ? at - w.end : w.at - (at + m[0].length);
      if (distance >= 0 && distance <= 25 && (!nearest || distance < nearest.distance)) nearest = { name: w.name, distance };
    }
    if (nearest && out[nearest.name] === undefined) out[nearest.name] = value;
    else if (!nearest && m[2] && /^(cm|centimetri|centimeters)$/.test(m[2]) && out.cm === undefined) out.cm = value;
  }
  return out;
}

function optionOf(product: ProductSummary, kind: 'colour' | 'size') {
  const re = kind === 'colour' ? /colou?r|colore|tinta/i : /size|taglia|misura|length|lunghezza/i;
  return product.options.find((o) => re.test(o.name)) ?? null;
}

function optionValues(product: ProductSummary, kind: 'colour' | 'size'): string[] {
  return optionOf(product, kind)?.values ?? [];
}

/** "which one?" answered: a position, or words of one of the offered titles. */
export function pickProduct(ids: string[], folded: string, catalogue: ProductCatalogue): ProductSummary | null {
  const offered = ids.map((id) => catalogue.get(id)).filter((p): p is ProductSummary => !!p);
  const position = /^\W*(\d)\W*$|\b(first|second|third|primo|prima|secondo|seconda|terzo|terza)\b/.exec(folded);
  if (position) {
    const n = position[1] ? Number(position[1]) : ['first', 'primo', 'prima'].includes(position[2]!) ? 1 : ['second', 'secondo', 'seconda'].includes(position[2]!) ? 2 : 3;
    return offered[n - 1] ?? null;
  }
  const matches = catalogue.find(folded, 10).filter((m) => ids.includes(m.product.id));
  if (matches.length === 1 || (matches.length > 1 && matches[0]!.score > matches[1]!.score)) return matches[0]!.product;
  return null;
}

/**
 * Answers a product question from the catalogue and the store's live product data: stock of the
 * variant asked about, price, materials, care, a size from the product's size guide. Never more
 * than the store's data says; a restock date or a failing store goes to a person.
 */
export async function answerProduct(out: Outcome, q: ProductQuestion, input: BotInput, state: BotState): Promise<void> {
  const locale = out.locale;
  const p = PHRASEBOOK[locale].product;
  if (q.candidates.length === 0) {
    out.say('product', [{ body: p.notFound(q.unknownThing ?? ''), payload: { quickReplies: [PHRASEBOOK[locale].notSureReplies[0]!] } }]);
    return;
  }
  if (q.aspects.includes('list')) {
    const shown = q.candidates.slice(0, 8);
    out.say('product', [{ body: p.kindList(shown.map((c) => `${c.title} (${money(c.minPriceCents, c.currency, locale)})`)), payload: { quickReplies: shown.slice(0, 4).map((c) => ({ label: c.title, value: c.title })) } }]);
    return;
  }
  if (q.candidates.length > 1) {
    const offered = q.candidates.slice(0, 4);
    state.productChoice = { ids: offered.map((c) => c.id), question: q.text };
    out.say('product', [{ body: p.whichOne, payload: { quickReplies: offered.map((c) => ({ label: c.title, value: c.title })) } }]).asking('which_product');
    return;
  }
  const summary = q.candidates[0]!;
  state.focusProduct = { id: summary.id, title: summary.title, size: q.size ?? (state.focusProduct?.id === summary.id ? state.focusProduct.size ?? null : null) };
  if (q.restock) {
    out.handoff('unsupported_request', 'handoff', PHRASEBOOK[locale].unsupported.stock ?? null);
    return;
  }
  let product: Product | null = null;
  try {
    product = input.products ? await input.products.getProduct(summary.id) : null;
  } catch (error) {
    if (!(error instanceof OrderSourceError)) throw error;
  }
  if (!product) {
    // The listing knows the product but its details cannot be read now: say what the listing says.
    out.say('product', [{ body: `${p.price(summary.title, money(summary.minPriceCents, summary.currency, locale), summary.minPriceCents === summary.maxPriceCents ? null : money(summary.maxPriceCents, summary.currency, locale), null)} ${p.cannotCheck}`, payload: cardOf(summary, null, null) }]);
    return;
  }
  const lines: string[] = [];
  const variant = findVariant(product, q);
  for (const aspect of q.aspects) {
    if (aspect === 'stock') lines.push(stockLine(product, q, variant, locale));
    if (aspect === 'price') lines.push(priceLine(product, variant.match, locale));
    if (aspect === 'material') lines.push(product.materials ? p.materials(product.title, product.materials) : p.noMaterials(product.title));
    if (aspect === 'care') lines.push(product.care ? p.care(product.title, product.care) : p.noCare(product.title));
    if (aspect === 'size') lines.push(sizeLine(product, q, locale));
    if (aspect === 'fit') lines.push(product.fit ? p.fit(product.fit) : p.noFit(product.title));
    if (aspect === 'options') lines.push(optionsLine(product, locale));
    if (aspect === 'info') lines.push(`${product.description} ${priceLine(product, null, locale)} ${stockLine(product, q, variant, locale)}`);
  }
  out.say('product', [{ body: lines.join(' ').replace(/\s+/g, ' ').trim(), payload: cardOf(product, variant.match, product, q) }]);
}

function money(cents: number, currency: string, locale: BotLocale): string {
  return new Intl.NumberFormat(locale === 'it' ? 'it-IT' : 'en-GB', { style: 'currency', currency }).format(cents / 100);
}

function priceLine(product: Product, variant: ProductVariant | null, locale: BotLocale): string {
  const p = PHRASEBOOK[locale].product;
  const cents = variant?.priceCents ?? product.minPriceCents;
  const compare = variant?.compareAtPriceCents ?? product.variants.find((v) => v.compareAtPriceCents)?.compareAtPriceCents ?? null;
  const max = !variant && product.maxPriceCents !== product.minPriceCents ? money(product.maxPriceCents, product.currency, locale) : null;
  return p.price(product.title, money(cents, product.currency, locale), max, compare && compare > cents ? money(compare, product.currency, locale) : null);
}

interface VariantLookup {
  /** The variant named by size and colour, when the message pins one down. */
  match: ProductVariant | null;
  /** The colour or size named that the product does not come in. */
  missing: { kind: 'colour' | 'size'; value: string } | null;
}

function findVariant(product: Product, q: ProductQuestion): VariantLookup {
  const colourOption = optionOf(product, 'colour');
  const sizeOption = optionOf(product, 'size');
  // A size or colour written as the product's own option value ("black 105", "a 46").
  const plain = ` ${fold(q.text).replace(/[^a-z0-9.]+/g, ' ')} `;
  if (!q.size && sizeOption) q.size = sizeOption.values.find((v) => plain.includes(` ${fold(v)} `) && (fold(v).length > 1 || /\b(size|taglia|in|la|an?)\s+\w\b/.test(plain))) ?? null;
  if (!q.colour && colourOption) q.colour = colourOption.values.map(fold).find((v) => plain.includes(` ${v} `)) ?? null;
  const colour = q.colour && colourOption ? colourOption.values.find((v) => fold(v) === q.colour || fold(v).includes(q.colour!)) ?? null : null;
  const size = q.size && sizeOption ? sizeOption.values.find((v) => fold(v) === fold(q.size!)) ?? null : null;
  if (q.colour && colourOption && !colour) return { match: null, missing: { kind: 'colour', value: q.colour } };
  if (q.size && sizeOption && !size) return { match: null, missing: { kind: 'size', value: q.size } };
  const wanted: Record<string, string> = {};
  if (colour && colourOption) wanted[colourOption.name] = colour;
  if (size && sizeOption) wanted[sizeOption.name] = size;
  const optionCount = product.options.length;
  if (optionCount === 0) return { match: product.variants[0] ?? null, missing: null };
  if (Object.keys(wanted).length < optionCount) return { match: null, missing: null };
  return { match: product.variants.find((v) => Object.entries(wanted).every(([k, val]) => v.options[k] === val)) ?? null, missing: null };
}

const LOW_STOCK = 3;

/** Measurement names of the guides (English, as stores write them) in Italian replies. */
const MEASUREMENT_IT: Record<string, string> = { chest: 'petto', bust: 'seno', waist: 'vita', hips: 'fianchi', 'foot length': 'lunghezza del piede' };
const measurementName = (name: string, locale: BotLocale) => (locale === 'it' ? MEASUREMENT_IT[name] ?? name : name);

function stockWord(v: ProductVariant, p: ProductPhrases): string {
  if (!v.available) return p.outOfStock;
  return v.stock !== null && v.stock <= LOW_STOCK ? p.fewLeft(v.stock) : p.inStock;
}

function stockLine(product: Product, q: ProductQuestion, lookup: VariantLookup, locale: BotLocale): string {
  const p = PHRASEBOOK[locale].product;
  if (lookup.missing) {
    const values = optionValues(product, lookup.missing.kind);
    return p.doesNotComeIn(product.title, lookup.missing.value, values);
  }
  if (lookup.match) {
    const label = product.options.length ? lookup.match.title : null;
    const line = p.variantStock(product.title, label, stockWord(lookup.match, p));
    if (lookup.match.available) return line;
    return `${line} ${alternatives(product, lookup.match, locale)}`.trim();
  }
  // Part of a variant named (a size of a product that also has colours), or none: list what is there.
  const colourOption = optionOf(product, 'colour');
  const sizeOption = optionOf(product, 'size');
  const available = product.variants.filter((v) => v.available);
  if (available.length === 0) return p.allOutOfStock(product.title);
  const filtered = available.filter((v) => (!q.size || !sizeOption || fold(v.options[sizeOption.name] ?? '') === fold(q.size)) && (!q.colour || !colourOption || fold(v.options[colourOption.name] ?? '').includes(q.colour)));
  if ((q.size || q.colour) && filtered.length === 0) return p.noneIn(product.title, [q.colour, q.size].filter(Boolean).join(', '));
  const pool = filtered.length ? filtered : available;
  if (colourOption && sizeOption && q.size && !q.colour) {
    const size = sizeOption.values.find((v) => fold(v) === fold(q.size!)) ?? q.size;
    const inStock = colourOption.values.filter((c) => pool.some((v) => v.options[colourOption.name] === c));
    const out = colourOption.values.filter((c) => !inStock.includes(c));
    return p.sizeInColours(product.title, size, inStock, out);
  }
  if (colourOption && sizeOption) {
    const groups = colourOption.values
      .map((c) => ({ c, sizes: sizeOption.values.filter((s) => pool.some((v) => v.options[colourOption.name] === c && v.options[sizeOption.name] === s)) }))
      .filter((g) => g.sizes.length);
    return p.availableIn(product.title, groups.map((g) => (q.size ? g.c : `${g.c} (${g.sizes.join(', ')})`)));
  }
  return p.availableIn(product.title, pool.map((v) => v.title));
}

/** Other sizes in the same colour, or other colours in the same size, that are in stock. */
function alternatives(product: Product, variant: ProductVariant, locale: BotLocale): string {
  const p = PHRASEBOOK[locale].product;
  const colourOption = optionOf(product, 'colour');
  const sizeOption = optionOf(product, 'size');
  const others = product.variants.filter((v) => v.available && v.id !== variant.id);
  if (sizeOption && colourOption) {
    const sameColour = others.filter((v) => v.options[colourOption.name] === variant.options[colourOption.name]).map((v) => v.options[sizeOption.name]!);
    const sameSize = others.filter((v) => v.options[sizeOption.name] === variant.options[sizeOption.name]).map((v) => v.options[colourOption.name]!);
    return [sameSize.length ? p.alsoInColours(variant.options[sizeOption.name]!, sameSize) : '', sameColour.length ? p.alsoInSizes(variant.options[colourOption.name]!, sameColour) : ''].join(' ');
  }
  return others.length ? p.availableIn(product.title, others.map((v) => v.title)) : '';
}

function optionsLine(product: Product, locale: BotLocale): string {
  const p = PHRASEBOOK[locale].product;
  const parts = product.options.map((o) => {
    const inStock = o.values.filter((v) => product.variants.some((x) => x.available && x.options[o.name] === v));
    return p.optionValues(o.name, inStock, o.values.filter((v) => !inStock.includes(v)));
  });
  return parts.length ? `${p.comesIn(product.title)} ${parts.join(' ')}` : p.oneVersion(product.title);
}

function sizeLine(product: Product, q: ProductQuestion, locale: BotLocale): string {
  const p = PHRASEBOOK[locale].product;
  const guide = product.sizeGuide;
  const fit = product.fit ?? null;
  if (!guide) return p.noSizeGuide(product.title, optionValues(product, 'size'));
  const ranges = (row: SizeGuide['rows'][number]) =>
    guide.measurements.map((m) => (row.ranges[m] ? `${measurementName(m, locale)} ${row.ranges[m]![0]}–${row.ranges[m]![1]} ${guide.unit}` : '')).filter(Boolean).join(', ');
  const given = Object.entries(q.measurements).filter(([name]) => guide.measurements.includes(name));
  // A number in cm with no word, and a guide with one measurement: that is the one.
  if (given.length === 0 && guide.measurements.length === 1 && q.measurements.cm !== undefined) given.push([guide.measurements[0]!, q.measurements.cm]);
  const note = guide.note ? ` ${guide.note}` : '';
  if (given.length > 0) {
    const picks = given.map(([name, value]) => {
      const row = guide.rows.find((r) => r.ranges[name] && value >= r.ranges[name]![0] && value <= r.ranges[name]![1]);
      if (row) return { name, value, size: row.size, between: null as string[] | null };
      const below = [...guide.rows].reverse().find((r) => r.ranges[name] && value > r.ranges[name]![1]);
      const above = guide.rows.find((r) => r.ranges[name] && value < r.ranges[name]![0]);
      return { name, value, size: null, between: [below?.size, above?.size].filter((s): s is string => !!s) };
    });
    const sizes = [...new Set(picks.map((x) => x.size).filter((s): s is string => !!s))];
    const all = picks.map((x) => `${measurementName(x.name, locale)} ${x.value} ${guide.unit}`);
    if (sizes.length === 1 && picks.every((x) => x.size)) {
      const row = guide.rows.find((r) => r.size === sizes[0])!;
      return `${p.sizeFor(product.title, all, sizes[0]!, ranges(row))}${fit ? ` ${p.fit(fit)}` : ''}`;
    }
    const between = picks.find((x) => x.between && x.between.length)?.between ?? sizes;
    return `${p.sizeBetween(product.title, all, between)}${note}`;
  }
  if (q.size) {
    const row = guide.rows.find((r) => fold(r.size) === fold(q.size!));
    if (row) return `${p.usualSize(product.title, row.size, ranges(row))}${fit ? ` ${p.fit(fit)}` : ''}`;
  }
  // A size in another system ("a UK 10"): the guide's note converts, when the store wrote one.
  const table = guide.rows.map((r) => `${r.size}: ${ranges(r)}`).join('; ');
  return `${p.sizeGuide(product.title, table)}${fit ? ` ${p.fit(fit)}` : ''}${note} ${p.askMeasurement(guide.measurements.map((m) => measurementName(m, locale)))}`;
}

function cardOf(summary: ProductSummary, variant: ProductVariant | null, product: Product | null, q?: ProductQuestion): { card: ProductCard } {
  // Only a size (or only a colour) named: the card speaks of those variants ("XL": in stock if any XL is).
  const named = !variant && product && q && (q.size || q.colour) ? product.variants.filter((v) => Object.values(v.options).some((o) => fold(o) === fold(q.size ?? '') || fold(o) === q.colour)) : null;
  const pool = variant ? [variant] : named?.length ? named : product?.variants ?? null;
  const available = pool ? pool.some((v) => v.available) : summary.available;
  const stock = pool ? pool.reduce((n, v) => n + (v.available ? v.stock ?? LOW_STOCK + 1 : 0), 0) : null;
  return {
    card: {
      type: 'product',
      productId: summary.id,
      title: summary.title,
      url: summary.url,
      imageUrl: summary.imageUrl,
      currency: summary.currency,
      priceCents: variant?.priceCents ?? summary.minPriceCents,
      compareAtPriceCents: variant?.compareAtPriceCents ?? null,
      availability: !available ? 'out_of_stock' : stock !== null && stock <= LOW_STOCK ? 'low_stock' : 'in_stock',
      variant: variant && summary.options.length ? variant.title : named?.length ? (q?.size ?? q?.colour ?? null) : null,
    },
  };
}
