import { cueVocabulary } from './cue';
import { BASE_VOCABULARY, ENGLISH_MARKERS, ITALIAN_MARKERS, STOPWORDS, SYNONYMS } from './lexicon';
import { fold, normalise, words } from './normaliser';
import { Speller } from './speller';
import { stem } from './stemmer';
import { PRODUCT_VOCABULARY } from './product-catalogue';
import type { BotLocale, KbArticle } from './model';

/** The best answer the knowledge base has for a question. */
export interface KbMatch {
  articleId: string;
  /** The article's locale; differs from the asked one when the index fell back to the other language. */
  locale: BotLocale;
  title: string;
  /** The `##` heading of the answering section; null for the article's opening paragraph. */
  heading: string | null;
  /** The section's Markdown, without its heading. */
  text: string;
  /** Raw BM25 score of the article. */
  score: number;
  /**
   * 0–1: how much of the question's meaningful words the article covers (weighted by how rare
   * each word is), reduced when another article scores almost as well.
   */
  confidence: number;
}

export interface KnowledgeIndexOptions {
  /** Confidence below which `answer` returns null; default 0.35 (tuned on the development set). */
  threshold?: number;
  /**
   * Weights; defaults: anchor 2 (the title-and-tags field against the body), and within fields
   * title 1, tags 1, heading 2, body 1.
   */
  weights?: { anchor?: number; title?: number; tags?: number; heading?: number; body?: number };
}

interface Section {
  article: IndexedArticle;
  heading: string | null;
  /** The heading asks the negative ("Which payment methods are not accepted?"). */
  negative: boolean;
  /** The kind of question the heading is (`how`, `when`, `can`…), or null. */
  kind: string | null;
  text: string;
  /** Weighted term frequencies of heading and body only (for choosing the section). */
  tf: Map<string, number>;
  length: number;
}

interface IndexedArticle {
  id: string;
  locale: BotLocale;
  title: string;
  /** Label tags (`topic:…`), lowercased. */
  labels: string[];
  /** Term frequencies of the anchor fields (title and tags, weighted). */
  anchor: Map<string, number>;
  anchorLength: number;
  /** Term frequencies over every section (headings weighted). */
  body: Map<string, number>;
  bodyLength: number;
  sections: Section[];
}

interface LocaleIndex {
  articles: IndexedArticle[];
  /** Number of articles containing each term in their anchor fields / in their body. */
  anchorDf: Map<string, number>;
  bodyDf: Map<string, number>;
  avgAnchor: number;
  avgBody: number;
  avgSectionLength: number;
  sectionDf: Map<string, number>;
  /** Number of sections over all articles (for the sections' rarity). */
  sectionCount: number;
}

const K1 = 1.2;
/** A label tag (`topic:returns_policy`), not a phrase. */
const LABEL_TAG = /^[a-z]+:\S+$/i;
const B = 0.75;
const SECTION_B = 0.2;
/** Negations, which stopword removal would otherwise erase. */
const NEGATION = /\b(not|no|never|don t|cannot|non|nessun\w*|mai)\b/;
/** Headings naming a problem ("the e-mail did not arrive", "il link non funziona"), which are not negatives. */
const PROBLEM = /\b(did not|does not|do not work|has not|have not|will not|won t|is not working|not working|non (e |è )?(arrivat\w*|funziona|arriva|riesco|ricevut\w*)|non ho ricevut\w*)\b/;
/** Negations that are only a way of asking ("I don't know how to…"). */
const NOT_NEGATION = /\b(do not|don t|dont|did not) know\b|\bnot sure\b|\bnon (so|capisco|trovo)\b/g;

/**
 * BM25 over the published articles of each locale. Articles are ranked on title, tags and body
 * (weighted), then the best article's `##` section is chosen to answer. Immutable: build a new
 * index when articles change (building 500 articles takes a few milliseconds).
 */
export class KnowledgeIndex {
  readonly threshold: number;
  /** Spelling corrector over the base vocabulary plus every word of the articles. */
  readonly speller: Speller;
  private readonly locales = new Map<BotLocale, LocaleIndex>();
  /** Every indexed article by id, whatever its language. */
  private readonly byId = new Map<string, IndexedArticle>();
  /** Folded words of each locale's articles, for telling a message's language. */
  private readonly localeWords = new Map<BotLocale, Set<string>>();
  private readonly weights: { anchor: number; title: number; tags: number; heading: number; body: number };

  constructor(articles: KbArticle[], options: KnowledgeIndexOptions = {}) {
    this.threshold = options.threshold ?? 0.35;
    this.weights = { anchor: 2, title: 1, tags: 1, heading: 2, body: 1, ...options.weights };
    const vocabulary = new Map<string, number>();
    const common = new Set<string>([...BASE_VOCABULARY, ...ENGLISH_MARKERS, ...ITALIAN_MARKERS, ...STOPWORDS.en, ...STOPWORDS.it, ...cueVocabulary(), ...PRODUCT_VOCABULARY]);
    for (const w of common) vocabulary.set(w, 1000);
    const byLocale = new Map<BotLocale, IndexedArticle[]>();
    for (const article of articles) {
      if (!article.published) continue;
      const locale: BotLocale = article.locale.toLowerCase().startsWith('it') ? 'it' : 'en';
      const own = this.localeWords.get(locale) ?? new Set<string>();
      this.localeWords.set(locale, own);
      for (const w of fold(`${article.title} ${article.tags.join(' ')} ${article.body}`).match(/[a-z]+/g) ?? []) {
        vocabulary.set(w, (vocabulary.get(w) ?? 0) + 1);
        if (w.length >= 4) own.add(w);
      }
      const list = byLocale.get(locale) ?? [];
      const indexed = this.indexArticle(article, locale);
      list.push(indexed);
      byLocale.set(locale, list);
      if (!this.byId.has(indexed.id)) this.byId.set(indexed.id, indexed);
    }
    this.speller = new Speller(
      [...vocabulary.entries()].sort((a, b) => b[1] - a[1]).map(([w]) => w),
      common,
    );
    for (const [locale, list] of byLocale) this.locales.set(locale, summarise(list));
  }

  /**
   * The article on the same topic in `locale`: itself when it is in that locale, else the one
   * sharing a label tag (`topic:returns_policy`) with it, else null. A shopper who switches
   * language mid-chat follows up on the topic, not on the other language's article.
   */
  counterpart(articleId: string, locale: BotLocale): string | null {
    const own = this.locales.get(locale)?.articles ?? [];
    if (own.some((a) => a.id === articleId)) return articleId;
    const source = this.byId.get(articleId);
    if (!source || source.labels.length === 0) return null;
    return own.find((a) => a.labels.some((l) => source.labels.includes(l)))?.id ?? null;
  }

  /** True when the article's title or tags hold every meaningful word of `phrase` (as the index compares them). */
  anchorHas(articleId: string, phrase: string, locale: BotLocale): boolean {
    const article = this.locales.get(locale)?.articles.find((a) => a.id === articleId);
    if (!article) return false;
    const wanted = this.terms(phrase, locale).filter((t) => !t.includes('+'));
    return wanted.length > 0 && wanted.every((t) => article.anchor.has(t));
  }

  /** The language whose articles alone use this (folded) word, or null when both or neither do. */
  languageOf(word: string): BotLocale | null {
    const inEn = this.localeWords.get('en')?.has(word) ?? false;
    const inIt = this.localeWords.get('it')?.has(word) ?? false;
    return inEn === inIt ? null : inIt ? 'it' : 'en';
  }

  /** Number of published articles in a locale. */
  size(locale: BotLocale): number {
    return this.locales.get(locale)?.articles.length ?? 0;
  }

  /**
   * The best match in `locale`, or in the other language when `locale` has no articles; null
   * when nothing matches at all. Callers compare `confidence` with `threshold` (or use `answer`).
   * `focus` (default: the question) is the text that picks the section within the article.
   */
  search(question: string, locale: BotLocale, options: { focus?: string; within?: string; notSection?: string | null } = {}): KbMatch | null {
    const target = this.size(locale) > 0 ? locale : locale === 'en' ? 'it' : 'en';
    const index = this.locales.get(target);
    if (!index) return null;
    const terms = this.terms(question, target);
    if (terms.length === 0) return null;
    const N = index.articles.length;
    let best: IndexedArticle | null = null;
    let bestScore = 0;
    let second = 0;
    for (const article of index.articles) {
      if (options.within && article.id !== options.within) continue;
      // BM25F-like: the title and tags say what an article is about, so they are scored as their
      // own field, with their own rarity, and weigh more than the body.
      const s =
        this.weights.anchor * bm25(terms, article.anchor, article.anchorLength, index.avgAnchor, (t) => idf(index.anchorDf.get(t) ?? 0, N)) +
        bm25(terms, article.body, article.bodyLength, index.avgBody, (t) => idf(index.bodyDf.get(t) ?? 0, N));
      if (s > bestScore) {
        second = bestScore;
        bestScore = s;
        best = article;
      } else if (s > second) second = s;
    }
    if (!best || bestScore <= 0) return null;
    // Coverage: the share of the question's weight (rare words weigh more; words the knowledge
    // base never uses weigh the most) that the best article contains.
    let total = 0;
    let covered = 0;
    let words = 0;
    let hits = 0;
    let anchored = false;
    for (const term of new Set(terms)) {
      if (term.includes('+')) continue;
      const d = Math.max(index.anchorDf.get(term) ?? 0, index.bodyDf.get(term) ?? 0);
      const w = idf(d, N) + 0.5;
      total += w;
      words++;
      if (best.anchor.has(term) || best.body.has(term)) {
        covered += w;
        hits++;
        if (best.anchor.has(term)) anchored = true;
      }
    }
    // One word in common out of several, and not a word the article is about ("are your jackets
    // lined?" and an address's "street line"), is a coincidence more often than an answer.
    const coverage = total > 0 ? (covered / total) * (hits === 1 && words >= 2 && !anchored && !options.within ? 0.6 : 1) : 0;
    // Within one article there is no runner-up: the coverage alone says how well it answers.
    const margin = options.within ? 1 : bestScore > 0 ? 1 - second / bestScore : 0;
    const confidence = Math.max(0, Math.min(1, coverage * (0.75 + 0.25 * Math.min(1, margin * 2.5))));
    // Steering words help find the article but blur the choice between its sections.
    const focusTerms = options.focus ? this.terms(options.focus, target) : [];
    const asked = normalise(options.focus ?? question);
    const negativeQuestion = NEGATION.test(asked.replace(NOT_NEGATION, ' '));
    const section = this.bestSection(best, focusTerms.length ? focusTerms : terms, index, negativeQuestion, factAsked(asked), questionKind(asked), options.notSection);
    return {
      articleId: best.id,
      locale: target,
      title: best.title,
      heading: section.heading,
      text: section.text,
      score: bestScore,
      confidence,
    };
  }

  /**
   * Lines of an article (list items and sentences, across all its sections) that name `word`
   * (folded) and hold a price or a duration: "United Kingdom, Switzerland and Norway: €14.90,
   * 4–7 working days." Empty when the article is not indexed.
   */
  factLines(articleId: string, words: string[]): string[] {
    const article = this.byId.get(articleId);
    if (!article) return [];
    const wanted = words.map((w) => new RegExp(`\\b${fold(w).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`));
    const out: string[] = [];
    for (const section of article.sections) {
      for (const line of section.text.split(/\n+|(?<=[.!?])\s+(?=[A-ZÀ-Ý])/)) {
        const plain = fold(line);
        if (wanted.some((w) => w.test(plain)) && (PRICE.test(line) || DURATION.test(line))) out.push(line.replace(/^\s*[-*+]\s*/, '').trim());
      }
    }
    return out;
  }

  /** `search`, but null below the confidence threshold: the bot never guesses. */
  answer(question: string, locale: BotLocale): KbMatch | null {
    const match = this.search(question, locale);
    return match && match.confidence >= this.threshold ? match : null;
  }

  /** Meaningful, canonical, stemmed words of a text, as the index compares them. */
  terms(text: string, locale: BotLocale): string[] {
    return toTerms(normalise(text, this.speller), locale);
  }

  private bestSection(article: IndexedArticle, terms: string[], index: LocaleIndex, negativeQuestion: boolean, fact: RegExp | null, kind: string | null, notSection?: string | null): Section {
    let best = article.sections[0]!;
    let bestScore = -1;
    let secondScore = -1;
    let second: Section | null = null;
    const n = index.sectionCount;
    const sectionIdf = (t: string) => idf(index.sectionDf.get(t) ?? 0, n);
    for (const section of article.sections) {
      if (section.heading === null) continue;
      // A follow-up asks something the section just shown did not say.
      if (notSection !== undefined && section.heading === notSection) continue;
      // Sections are short and alike in length; a longer one is not less about its subject.
      const s = bm25(terms, section.tf, section.length, index.avgSectionLength, sectionIdf, SECTION_B) *
        (section.negative && !negativeQuestion ? 0.5 : 1) *
        (fact && fact.test(section.text) ? 1.4 : 1) *
        // "How do I report a defect?" is answered by the "How do I…" section, not "What is a defect?".
        (kind && section.kind === kind ? 1.3 : 1);
      if (s > bestScore) {
        secondScore = bestScore;
        second = best;
        bestScore = s;
        best = section;
      } else if (s > secondScore) {
        secondScore = s;
        second = section;
      }
    }
    // A general question matches several sections about equally ("how long does delivery
    // take?" → Italy and abroad): the article's opening summary answers it better, unless the
    // best section has a word of the question the runner-up lacks ("… to Sardinia?").
    const intro = article.sections.find((s) => s.heading === null && notSection !== null);
    const distinctive = terms.some((t) => !t.includes('+') && best.tf.has(t) && !second?.tf.has(t));
    if (intro && intro.text && (bestScore <= 0 || (secondScore >= bestScore * 0.9 && !distinctive))) return intro;
    // "How much does shipping cost?": the opening paragraph has the prices, the best-matching section none.
    if (intro && intro.text && fact && fact.test(intro.text) && !fact.test(best.text) && bestScore < 2 * Math.max(0, secondScore)) return intro;
    // "Which payment methods do you accept?" must not be answered with what is not accepted.
    // Unless it names something the question names ("do you ship to Japan?").
    const named = terms.some((t) => !t.includes('+') && best.tf.has(t) && !intro?.tf.has(t) && !best.heading?.toLowerCase().includes(t));
    if (intro && intro.text && best.negative && !negativeQuestion && !named) return intro;
    return best;
  }

  private indexArticle(article: KbArticle, locale: BotLocale): IndexedArticle {
    const w = this.weights;
    const indexed: IndexedArticle = { id: article.id, locale, title: article.title, labels: article.tags.filter((t) => LABEL_TAG.test(t)).map((t) => t.toLowerCase()), anchor: new Map(), anchorLength: 0, body: new Map(), bodyLength: 0, sections: [] };
    const add = (tf: Map<string, number>, terms: string[], weight: number) => {
      for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + weight);
      return terms.length * weight;
    };
    indexed.anchorLength += add(indexed.anchor, toTerms(normalise(article.title), locale), w.title);
    // Tags are phrases: no pairs across a comma. `key:value` tags (`topic:returns_policy`) label
    // the article for reports and evaluation; they are not words shoppers use.
    for (const tag of article.tags.filter((t) => !LABEL_TAG.test(t))) indexed.anchorLength += add(indexed.anchor, toTerms(normalise(tag), locale), w.tags);
    for (const part of splitSections(article.body)) {
      const heading = part.heading === null ? '' : normalise(part.heading);
      // "Which methods are not accepted?" answers the negative; "The link does not work" is a problem, not a negative.
      const negative = part.heading !== null && NEGATION.test(heading) && !PROBLEM.test(heading);
      const section: Section = { article: indexed, heading: part.heading, negative, kind: part.heading ? questionKind(heading) : null, text: part.text, tf: new Map(), length: 0 };
      if (part.heading) section.length += add(section.tf, toTerms(normalise(part.heading), locale), w.heading);
      section.length += add(section.tf, toTerms(normalise(part.text), locale), w.body);
      for (const [t, f] of section.tf) indexed.body.set(t, (indexed.body.get(t) ?? 0) + f);
      indexed.bodyLength += section.length;
      indexed.sections.push(section);
    }
    if (indexed.sections.length === 0) {
      indexed.sections.push({ article: indexed, heading: null, negative: false, kind: null, text: article.body.trim(), tf: new Map(), length: 0 });
    }
    return indexed;
  }
}

/** The kind of fact a question asks for, as a pattern of the text that holds it: a duration, or a price. */
const DURATION_ASKED = /\b(how long|how many (working |business )?days|how soon|how fast|how quickly|within how|valid for|good for|long is|entro quanto|quanto tempo|quanti giorni|in quanto tempo|quanto dura|per quanto tempo|tempi)\b/;
const PRICE_ASKED = /\b(how much|cost|costs|price|prices|fee|fees|charge|charges|pay for|quanto costa|quanto costano|quanto si paga|quanto viene|quanto vengono|quanto pago|costo|costi|prezzo|spese)\b/;

/** The kind of question a text is (how, how much/long, when, what, can, who, where, which), in both languages. */
const QUESTION_KINDS: [string, RegExp][] = [
  ['how', /^\W*(\w+\W+){0,3}?(how (do|can|should|to|does|is)|come (faccio|posso|si|funziona|fare|devo))\b/],
  ['when', /^\W*(\w+\W+){0,3}?(when|until when|how long|how soon|quando|entro quando|in quanto tempo|quanto tempo|quanti giorni|dopo quanto)\b/],
  ['who', /^\W*(\w+\W+){0,3}?(who|chi)\b/],
  ['can', /^\W*(\w+\W+){0,3}?(can i|can you|could i|is it possible|posso|si puo|possiamo|e possibile)\b/],
  ['what', /^\W*(\w+\W+){0,3}?(what|cosa|che cosa|quali|which|quale)\b/],
];
function questionKind(text: string): string | null {
  return QUESTION_KINDS.find(([, re]) => re.test(text))?.[0] ?? null;
}
const DURATION = /\b\d+(\s?[–-]\s?\d+)? (working |business )?(days?|weeks?|months?|hours?|minutes?|years?|giorni|lavorativi|settimane|mesi|ore|minuti|anni)\b|next working day|same day|giorno lavorativo successivo|in giornata/i;
const PRICE = /€\s?\d|\d[\d.,]*\s?€|\b\d+[.,]\d\d (euro|eur)\b|\d+ ?%|\bfree\b|\bgratuit\w*|\bgratis\b/i;
const FREQUENCY_ASKED = /\b(how often|how frequently|ogni quanto|quante volte|con che frequenza)\b/;
const FREQUENCY = /\b(every|each|once a|twice a|ogni|una volta (a|al|alla)|due volte)\b.{0,20}\b(week|day|month|year|settimana|giorno|mese|anno|monday|tuesday|wednesday|thursday|friday|lunedi|martedi|mercoledi|giovedi|venerdi)/i;
const AMOUNT_ASKED = /\b(how much (is|are|off)|quanto (e|è|sconta|vale)|what discount|che sconto|quanto di sconto)\b/;

function factAsked(question: string): RegExp | null {
  if (FREQUENCY_ASKED.test(question)) return FREQUENCY;
  if (DURATION_ASKED.test(question)) return DURATION;
  if (PRICE_ASKED.test(question) || AMOUNT_ASKED.test(question)) return PRICE;
  return null;
}

/** Splits Markdown at `##` headings; text before the first heading is a section with no heading. */
export function splitSections(markdown: string): { heading: string | null; text: string }[] {
  const out: { heading: string | null; text: string }[] = [];
  let heading: string | null = null;
  let lines: string[] = [];
  const flush = () => {
    const text = lines.join('\n').trim();
    if (text || heading) out.push({ heading, text });
  };
  for (const line of markdown.split(/\r?\n/)) {
    const m = /^##\s+(.*)$/.exec(line);
    if (m) {
      flush();
      heading = (m[1] ?? '').trim();
      lines = [];
    } else lines.push(line);
  }
  flush();
  return out;
}

/**
 * Canonical stems of the meaningful words, then each pair of stems at most one word apart (order-free,
 * written `a+b`), so "shipping methods" prefers the article about delivery methods over the one
 * about payment methods.
 */
function toTerms(normalised: string, locale: BotLocale): string[] {
  const stop = STOPWORDS[locale];
  const synonyms = SYNONYMS[locale];
  const out: string[] = [];
  for (const word of words(normalised)) {
    if (stop.has(word) || /^\d+$/.test(word) || word.length < 2) continue;
    for (const part of (synonyms[word] ?? word).split(' ')) out.push(stem(part, locale));
  }
  const n = out.length;
  for (let i = 0; i + 1 < n; i++) {
    for (let j = i + 1; j <= i + 2 && j < n; j++) {
      const a = out[i]!;
      const b = out[j]!;
      if (a !== b) out.push(a < b ? `${a}+${b}` : `${b}+${a}`);
    }
  }
  return out;
}

/** BM25's rarity of a term found in `d` of `n` documents (fields, sections). */
function idf(d: number, n: number): number {
  return Math.log(1 + (n - d + 0.5) / (d + 0.5));
}

function bm25(terms: string[], tf: Map<string, number>, length: number, avgLength: number, idf: (t: string) => number, b = B): number {
  let score = 0;
  const norm = K1 * (1 - b + (b * length) / (avgLength || 1));
  for (const term of terms) {
    const f = tf.get(term);
    if (!f) continue;
    score += (idf(term) * (f * (K1 + 1))) / (f + norm);
  }
  return score;
}

function summarise(articles: IndexedArticle[]): LocaleIndex {
  const anchorDf = new Map<string, number>();
  const bodyDf = new Map<string, number>();
  const sectionDf = new Map<string, number>();
  let anchor = 0;
  let body = 0;
  let sectionTotal = 0;
  let sectionCount = 0;
  for (const a of articles) {
    anchor += a.anchorLength;
    body += a.bodyLength;
    for (const t of a.anchor.keys()) anchorDf.set(t, (anchorDf.get(t) ?? 0) + 1);
    for (const t of a.body.keys()) bodyDf.set(t, (bodyDf.get(t) ?? 0) + 1);
    for (const s of a.sections) {
      sectionTotal += s.length;
      sectionCount++;
      for (const t of s.tf.keys()) sectionDf.set(t, (sectionDf.get(t) ?? 0) + 1);
    }
  }
  const n = articles.length || 1;
  return {
    articles,
    anchorDf,
    bodyDf,
    avgAnchor: anchor / n || 1,
    avgBody: body / n || 1,
    avgSectionLength: sectionCount ? sectionTotal / sectionCount : 1,
    sectionDf,
    sectionCount,
  };
}
