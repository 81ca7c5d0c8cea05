/**
 * decide() latency with a 500-article knowledge base (the demo articles, varied) and a catalogue of
 * 2,000 products (the demo ones in made-up colours, materials and cuts), over a mix of FAQ, order,
 * return, product, several-question, small-talk and out-of-scope messages in both languages.
 * Target: p99 < 5 ms.
 *
 *   pnpm --filter @sportello/bot bench
 */
import { performance } from 'node:perf_hooks';
import { decide } from '../src/decision';
import { KnowledgeIndex } from '../src/knowledge-index';
import type { KbArticle } from '../src/model';
import { demoOrders } from '../src/testing/demo-orders';
import { DEMO_SITE } from '../src/testing/evaluation';
import { loadKnowledgeBase } from '../src/testing/kb-fixture';
import { MemoryOrderSource } from '../src/testing/memory-order-source';
import { ProductCatalogue } from '../src/product-catalogue';
import { loadDemoCatalogue, MemoryProductSource } from '../src/testing/demo-catalogue';
import { summaryOf, type Product } from '@sportello/protocol';

const MADE_UP = ['Riviera', 'Portofino', 'Dolomiti', 'Milano', 'Capri', 'Siena', 'Brera', 'Navigli', 'Amalfi', 'Lucca', 'Garda', 'Etna', 'Ostuni', 'Murano', 'Ravenna', 'Cortina'];
const CUTS = ['slim', 'relaxed', 'cropped', 'long', 'short', 'classic', 'tailored', 'oversized', 'lightweight', 'heavyweight'];

/** 2,000 products: the demo ones, then copies with a made-up line name and cut in the title. */
function catalogue(count: number): Product[] {
  return grown(loadDemoCatalogue(), count, (p, i) => {
    const name = `${MADE_UP[i % MADE_UP.length]} ${CUTS[Math.floor(i / MADE_UP.length) % CUTS.length]} ${p.title.toLowerCase()} ${i}`;
    return { ...p, id: `${p.id}-${i}`, handle: `${p.handle}-${i}`, title: name };
  });
}

/** `base`, then a variant of each of its items in turn, until there are `count`. */
function grown<T>(base: T[], count: number, variant: (item: T, i: number) => T): T[] {
  const out = [...base];
  for (let i = 0; out.length < count; i++) out.push(variant(base[i % base.length]!, i));
  return out;
}

const PRODUCTS = ['linen shirt', 'trench coat', 'merino sweater', 'leather loafers', 'silk scarf', 'denim jacket', 'midi dress', 'chinos', 'sneakers', 'swimsuit'];
const PRODOTTI = ['camicia di lino', 'trench', 'maglione di merino', 'mocassini', 'foulard di seta', 'giacca di jeans', 'abito midi', 'chino', 'sneakers', 'costume'];

/** 500 articles: each demo article, then variants naming a product and reordering the sections. */
function articles(count: number): KbArticle[] {
  return grown(loadKnowledgeBase(), count, (a, i) => {
    const product = (a.locale === 'it' ? PRODOTTI : PRODUCTS)[i % PRODUCTS.length]!;
    const sections = a.body.split(/\n(?=## )/);
    const rotated = [...sections.slice(1 + (i % Math.max(1, sections.length - 1))), ...sections.slice(1, 1 + (i % Math.max(1, sections.length - 1)))];
    return {
      ...a,
      id: `${a.id}-${i}`,
      title: `${a.title} (${product})`,
      tags: [...a.tags, product],
      body: `${sections[0]}\n${rotated.map((s) => s.replace(/^## (.*)$/m, `## $1 — ${product}`)).join('\n')}`,
    };
  });
}

const MESSAGES = [
  'how long does delivery take?',
  'which payment methods do you accept',
  'I forgot my password',
  'do you ship to Seattle?',
  'where is my order 1002',
  'I want to return the scarf from order 1001',
  'what size wipers does this car take',
  'thanks, bye!',
  'quanto tempo ci vuole per la consegna?',
  'accettate PayPal?',
  'vorrei fare un reso',
  'che tempo fa domani?',
  'posso parlare con un operatore?',
  'is the blue dress back in stock?',
  'I need help restoring the pwd of my accolunt',
  'c e qualche codice sconto attivo in questo periodo?',
  'is the linen shirt in stock in XL?',
  'how much are the leather loafers?',
  'my chest is 100 cm, which size of the merino sweater?',
  'la camicia di lino bianca in M c è?',
  'di che tessuto è il trench?',
  'how much is express shipping and do you take paypal?',
  'do you sell sunglasses?',
];

const buildStart = performance.now();
const index = new KnowledgeIndex(articles(500));
const buildMs = performance.now() - buildStart;
const now = new Date();
const orders = new MemoryOrderSource(demoOrders(now), () => now);
const products = catalogue(2000);
const catalogueStart = performance.now();
const productIndex = new ProductCatalogue(products.map(summaryOf));
const catalogueMs = performance.now() - catalogueStart;
const productSource = new MemoryProductSource(products);
const input = (text: string) => ({
  state: null,
  text,
  locale: 'en',
  site: DEMO_SITE,
  visitor: { verified: false, customerId: null, email: null },
  knowledgeBase: index,
  orders,
  catalogue: productIndex,
  products: productSource,
  now,
});

for (let i = 0; i < 200; i++) await decide(input(MESSAGES[i % MESSAGES.length]!));
// Wall time includes being descheduled on a busy machine; CPU time (user + system of this
// process, GC included) is what decide() itself costs. Both are printed.
const wall: number[] = [];
const cpu: number[] = [];
for (let i = 0; i < 5000; i++) {
  const text = MESSAGES[i % MESSAGES.length]!;
  const startCpu = process.cpuUsage();
  const start = performance.now();
  await decide(input(text));
  wall.push(performance.now() - start);
  const used = process.cpuUsage(startCpu);
  cpu.push((used.user + used.system) / 1000);
}
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const line = (name: string, xs: number[]) =>
  `${name.padEnd(5)} p50 ${quantile(xs, 0.5).toFixed(3)} ms  p99 ${quantile(xs, 0.99).toFixed(3)} ms  max ${quantile(xs, 1).toFixed(3)} ms`;
console.log(`catalogue: ${productIndex.size} products, indexed in ${catalogueMs.toFixed(0)} ms`);
console.log(`knowledge base: 500 articles, built in ${buildMs.toFixed(0)} ms; load average ${(await import('node:os')).loadavg()[0]!.toFixed(1)}`);
console.log(`decide(), ${wall.length} calls (target p99 < 5 ms):`);
console.log(`  ${line('wall', wall)}`);
console.log(`  ${line('cpu', cpu)}`);
if (process.argv.includes('--per-message')) {
  for (const text of MESSAGES) {
    const xs: number[] = [];
    for (let i = 0; i < 200; i++) {
      const start = performance.now();
      await decide(input(text));
      xs.push(performance.now() - start);
    }
    console.log(`  ${quantile(xs, 0.5).toFixed(3).padStart(7)} ms p50 ${quantile(xs, 0.99).toFixed(3).padStart(7)} ms p99  ${text}`);
  }
}
