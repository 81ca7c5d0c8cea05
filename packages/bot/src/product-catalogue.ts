import type { ProductSummary } from '@sportello/protocol';
import { fold } from './normaliser';

/** A product the shopper's words point to, with how well they match it. */
export interface ProductMatch {
  product: ProductSummary;
  /** 0–1: the share of the product title's weight (rare words weigh more) the message names. */
  score: number;
  /** True when the message names the title's head noun ("shirt" of "Linen shirt"), or a title word no other product has ("trench"). */
  head: boolean;
  /** True when the message names more of the title than its head noun ("the linen shirt", not "shirts"). */
  modifiers: boolean;
}

/**
 * Shoppers' words for the things a clothing shop sells, in English and Italian, mapped to the words
 * product titles use (titles are usually in English, as on most Italian shops' feeds). A word maps
 * to itself too. Lists, not rules: extend them freely.
 */
const PRODUCT_WORDS: Record<string, string[]> = {
  camicia: ['shirt'], camicie: ['shirt'], camicetta: ['blouse'], camicette: ['blouse'], blusa: ['blouse'], blouses: ['blouse'],
  pantaloni: ['trouser', 'chino'], pantalone: ['trouser', 'chino'], pants: ['trouser', 'chino'], trousers: ['trouser', 'chino'], trouser: ['trouser', 'chino'], chinos: ['chino'],
  coat: ['coat', 'overcoat'], coats: ['coat', 'overcoat'], cappotto: ['coat', 'overcoat'], cappotti: ['coat', 'overcoat'], overcoat: ['overcoat', 'coat'], impermeabile: ['trench'], raincoat: ['trench'], mac: ['trench'],
  giacca: ['jacket'], giacche: ['jacket'], giubbotto: ['jacket'], giubbino: ['jacket'], giacchetto: ['jacket'], giubbotti: ['jacket'],
  maglione: ['sweater'], maglioni: ['sweater'], maglia: ['sweater'], pullover: ['sweater'], jumper: ['sweater'], jumpers: ['sweater'],
  berretto: ['beanie'], berretti: ['beanie'], berretta: ['beanie'], cuffia: ['beanie'], cappello: ['beanie'], cappelli: ['beanie'], hats: ['beanie'], hat: ['beanie'], cap: ['beanie'],
  sciarpa: ['scarf'], sciarpe: ['scarf'], foulard: ['scarf'], scarves: ['scarf'], cintura: ['belt'], cinta: ['belt'], cinture: ['belt'],
  borsa: ['bag', 'tote'], borse: ['bag', 'tote'], borsetta: ['bag'], shopper: ['tote', 'bag'], handbag: ['bag'], purse: ['bag'],
  mocassini: ['loafer'], mocassino: ['loafer'], loafers: ['loafer'], sneakers: ['sneaker'], trainers: ['sneaker'], trainer: ['sneaker'],
  scarpe: ['shoe', 'loafer', 'sneaker', 'boot'], scarpa: ['shoe', 'loafer', 'sneaker', 'boot'], shoes: ['shoe', 'loafer', 'sneaker', 'boot'], stivali: ['boot'], stivale: ['boot'], stivaletti: ['boot'], stivaletto: ['boot'], boots: ['boot'],
  vestito: ['dress'], vestiti: ['dress'], abito: ['dress'], abitino: ['dress'], dresses: ['dress'], costume: ['swimsuit'], swimsuits: ['swimsuit'],
  boxer: ['boxer'], mutande: ['boxer'], orecchini: ['earring'], orecchino: ['earring'], earrings: ['earring'],
  lino: ['linen'], cotone: ['cotton'], lana: ['wool'], seta: ['silk'], pelle: ['leather'], cuoio: ['leather'], camoscio: ['suede'], jeans: ['jeans'],
};

/** Colour words in both languages → the colour names product options use. */
export const COLOUR_WORDS: Record<string, string[]> = {
  bianco: ['white'], bianca: ['white'], bianchi: ['white'], bianche: ['white'], nero: ['black'], nera: ['black'], neri: ['black'], nere: ['black'],
  blu: ['blue', 'navy'], azzurro: ['light blue'], azzurra: ['light blue'], azzurri: ['light blue'], celeste: ['light blue'], grigio: ['grey'],
  grigia: ['grey'], grigi: ['grey'], gray: ['grey'], rosso: ['red'], rossa: ['red'], rossi: ['red'], rosa: ['pink'], sabbia: ['sand'],
  cammello: ['camel'], antracite: ['charcoal'], bordeaux: ['burgundy'], bordo: ['burgundy'], smeraldo: ['emerald'], verde: ['emerald', 'green'],
  marrone: ['brown'], marroni: ['brown'], cognac: ['cognac'], avorio: ['ivory'], beige: ['beige', 'sand'], tan: ['tan'], navy: ['navy'],
};

/** Shopper words for products and colours, so the spelling corrector never "fixes" them ("bianca" is not "banca"). */
export const PRODUCT_VOCABULARY: readonly string[] = [...new Set([
  ...'scuff scuffed scuffs scratch scratched scratches dent dented stain stained torn ripped faded pilling snag snagged washing wash washed machine dryer tumble iron ironing clean cleaning fabric material materials colour colours color colors stretch fit fits fitting cut slim oversized'.split(' '),...Object.keys(PRODUCT_WORDS), ...Object.values(PRODUCT_WORDS).flat(), ...Object.keys(COLOUR_WORDS), ...Object.values(COLOUR_WORDS).flat().flatMap((c) => c.split(' '))])];

/** Words that describe rather than name (colours, cuts, common materials): never a product's identifier alone. */
const DESCRIBING = new Set([
  ...Object.values(COLOUR_WORDS).flat().flatMap((c) => c.split(' ')),
  ...'slim regular relaxed oversized classic tailored long short light heavy cotton linen wool leather silk suede denim gold plated pack print new'.split(' '),
]);

/** Place names in titles ("Bologna print") name a place more often than the product. */
const PLACE_WORDS = new Set(['bologna', 'milano', 'milan', 'roma', 'rome', 'firenze', 'florence', 'venezia', 'venice', 'napoli', 'naples', 'torino', 'italia', 'italy', 'paris', 'london']);

interface Entry {
  product: ProductSummary;
  /** Title words, singular, with their weight (rarer across titles weighs more). */
  title: string[];
  head: string | null;
  /** Words of its product type and tags, singular: what `ofKind` matches. */
  kinds: string[];
}

export const singular = (w: string) => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w);

/** Folded words of a text, each with the catalogue words it can stand for ("maglioni" → "sweater"). */
export function termsOf(text: string): Set<string> {
  const out = new Set<string>();
  for (const raw of fold(text).match(/[a-z0-9]+/g) ?? []) {
    out.add(raw);
    out.add(singular(raw));
    for (const mapped of PRODUCT_WORDS[raw] ?? []) out.add(mapped);
  }
  return out;
}

/**
 * The site's catalogue as the bot searches it: built once from the product listing (the server
 * rebuilds it when the listing changes), immutable, searched in memory from free text. Titles are
 * matched word by word, rare words weighing more, with shoppers' synonyms and Italian words.
 */
export class ProductCatalogue {
  readonly products: readonly ProductSummary[];
  /** Every word of the titles and option values (folded): product names say nothing of the language. */
  readonly words: ReadonlySet<string>;
  private readonly entries: Entry[];
  private readonly weight = new Map<string, number>();
  private readonly byTerm = new Map<string, Entry[]>();
  private readonly byId = new Map<string, ProductSummary>();
  private readonly byProduct = new Map<ProductSummary, Entry>();
  /** How many titles use each word. */
  private readonly df = new Map<string, number>();

  constructor(products: ProductSummary[]) {
    this.products = products;
    const words = new Set<string>();
    this.entries = products.map((product) => {
      this.byId.set(product.id, product);
      for (const w of fold(`${product.title} ${product.options.flatMap((o) => o.values).join(' ')}`).match(/[a-z]+/g) ?? []) words.add(w);
      // The head noun is the last word before a comma ("Silk scarf, Bologna print" → scarf).
      const main = fold(product.title.split(',')[0] ?? product.title).match(/[a-z]{3,}/g) ?? [];
      const title = [...new Set((fold(product.title).match(/[a-z]{3,}/g) ?? []).map(singular))];
      const kinds = [product.productType ?? '', ...product.tags].flatMap((k) => fold(k).match(/[a-z]+/g) ?? []).map(singular);
      const entry: Entry = { product, title, head: main.length ? singular(main[main.length - 1]!) : null, kinds };
      if (!this.byProduct.has(product)) this.byProduct.set(product, entry);
      return entry;
    });
    this.words = words;
    const df = this.df;
    for (const e of this.entries) for (const t of e.title) df.set(t, (df.get(t) ?? 0) + 1);
    const n = Math.max(1, this.entries.length);
    for (const [t, d] of df) this.weight.set(t, Math.log(1 + n / d));
    for (const e of this.entries) {
      for (const t of e.title) {
        const list = this.byTerm.get(t) ?? [];
        list.push(e);
        this.byTerm.set(t, list);
      }
    }
  }

  get size(): number {
    return this.products.length;
  }

  /** True when this word (folded) can stand for a word of the product's title. */
  names(word: string, product: ProductSummary): boolean {
    const entry = this.byProduct.get(product);
    if (!entry) return false;
    const terms = termsOf(word);
    return entry.title.some((t) => terms.has(t));
  }

  /** The products of a kind ("accessories", "coats", "borse"): by product type, tag or head noun. */
  ofKind(word: string): ProductSummary[] {
    const terms = termsOf(word);
    return this.entries.filter((e) => e.kinds.some((k) => terms.has(k)) || (e.head !== null && terms.has(e.head))).map((e) => e.product);
  }

  get(id: string): ProductSummary | null {
    return this.byId.get(id) ?? null;
  }

  /**
   * Products whose titles the text names, best first: a product is found when the text names its
   * head noun or at least half of its title's weight. Only the entries sharing a word are scored.
   */
  find(text: string, limit = 5): ProductMatch[] {
    const said = termsOf(text);
    const touched = new Set<Entry>();
    for (const t of said) for (const e of this.byTerm.get(t) ?? []) touched.add(e);
    const out: ProductMatch[] = [];
    for (const e of touched) {
      let total = 0;
      let hit = 0;
      for (const t of e.title) {
        const w = this.weight.get(t) ?? 1;
        total += w;
        if (said.has(t)) hit += w;
      }
      const score = total ? hit / total : 0;
      const head = (e.head !== null && said.has(e.head)) || e.title.some((t) => said.has(t) && this.df.get(t) === 1 && !DESCRIBING.has(t) && !PLACE_WORDS.has(t) && t.length >= 4);
      const modifiers = e.title.some((t) => t !== e.head && said.has(t));
      if (head || score >= 0.5) out.push({ product: e.product, score, head, modifiers });
    }
    return out.sort((a, b) => b.score - a.score || Number(b.head) - Number(a.head)).slice(0, limit);
  }
}
