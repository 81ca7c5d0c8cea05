import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DemoProductOption, DemoSizeGuide } from '@sportello/db';

const PRODUCTS_FILE = fileURLToPath(new URL('../../seed/products.json', import.meta.url));

/** A variant as the seed file writes it. */
interface SeedVariant {
  sku: string;
  title: string;
  options: Record<string, string>;
  priceCents: number;
  compareAtPriceCents: number | null;
  stock: number;
}

/** A product as the seed file writes it: its size guide by key. */
interface SeedProduct {
  handle: string;
  title: string;
  productType: string | null;
  tags: string[];
  options: DemoProductOption[];
  description: string;
  materials: string | null;
  care: string | null;
  fit: string | null;
  /** A key of `sizeGuides`. */
  sizeGuide: string | null;
  variants: SeedVariant[];
}

interface SeedFile {
  currency: string;
  sizeGuides: Record<string, DemoSizeGuide>;
  products: SeedProduct[];
}

/** One demo product as seeded, with its size guide resolved and its variants in order. */
export interface DemoProductSeed extends Omit<SeedProduct, 'sizeGuide' | 'variants'> {
  position: number;
  sizeGuide: DemoSizeGuide | null;
  currency: string;
  variants: (SeedVariant & { position: number })[];
}

/** The demo store's catalogue: `seed/products.json`, whose products name their size guide by key. */
export function readDemoProducts(path = PRODUCTS_FILE): DemoProductSeed[] {
  const seed = JSON.parse(readFileSync(path, 'utf8')) as SeedFile;
  return seed.products.map((p, i) => {
    const sizeGuide = p.sizeGuide === null ? null : seed.sizeGuides[p.sizeGuide];
    if (sizeGuide === undefined) throw new Error(`${path}: product ${p.handle} names the unknown size guide "${p.sizeGuide}".`);
    return { ...p, position: i + 1, sizeGuide, currency: seed.currency, variants: p.variants.map((v, j) => ({ position: j + 1, ...v })) };
  });
}
