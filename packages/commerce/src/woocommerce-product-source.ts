import { OrderSourceError, summaryOf, variantTotals, type Product, type ProductOption, type ProductPage, type ProductSource, type ProductSummary, type ProductVariant } from '@sportello/protocol';
import { htmlToText } from './html-text';
import { toMinorUnits } from './money';
import { PlatformJson } from './platform-json';
import { badResponse } from './platform-request';
import { parseSizeGuide } from './size-guide';
import { isLastPage, jsonList, WooCommerceRestApi, type WooCommerceConnection } from './woocommerce-rest-api';

/** The store and a REST API key with read access. */
export interface WooCommerceProductSourceConfig extends WooCommerceConnection {
  /** Products per listing page (`per_page`). Default 100, WooCommerce's maximum. */
  pageSize?: number;
  /** How many variable products' variations are fetched at once while listing. Default 4. */
  concurrency?: number;
}

const PLATFORM = 'WooCommerce';
const VARIATIONS_PAGE = 100;

/**
 * Where Sportello reads what WooCommerce has no field for: product `meta_data` keys (custom fields,
 * ACF fields; keys starting with `_` are private and never sent by the REST API), in order of
 * preference, and then product attributes whose name (case-insensitive) is one of `attributes`.
 * The size guide is a meta value in Sportello's `SizeGuide` shape, as JSON text or an object.
 */
export const WOOCOMMERCE_META = {
  materials: { meta: ['materials', 'material'], attributes: ['material', 'materials', 'materiale', 'materiali', 'fabric', 'tessuto', 'composition', 'composizione'] },
  care: { meta: ['care', 'care_instructions'], attributes: ['care', 'care instructions', 'cura', 'lavaggio', 'manutenzione'] },
  fit: { meta: ['fit'], attributes: ['fit', 'vestibilità'] },
  sizeGuide: { meta: ['size_guide'] },
} as const;

/**
 * A WooCommerce product or variation can be bought now when it is purchasable (it has a price and is
 * not an external link) and its `stock_status` is `instock`, or `onbackorder` (the store takes
 * orders beyond its stock). WooCommerce derives `stock_status` from `manage_stock`, `stock_quantity`
 * and `backorders`, so that one field says it.
 */
const canBuy = (item: PlatformJson) => item.raw.purchasable !== false && (item.raw.stock_status === 'instock' || item.raw.stock_status === 'onbackorder');

/**
 * Units in stock when WooCommerce manages stock for it (`manage_stock` true; `parent` on a variation
 * whose product manages one stock for all); null when it does not. Backorders can take the quantity
 * below zero: that is none in stock.
 */
function stockOf(item: PlatformJson, parent: PlatformJson | null): number | null {
  const managed = item.raw.manage_stock;
  const owner = managed === true ? item : managed === 'parent' && parent?.raw.manage_stock === true ? parent : null;
  if (!owner || !owner.has('stock_quantity')) return null;
  return Math.max(0, owner.number('stock_quantity'));
}

/**
 * The catalogue of a WooCommerce store through the REST API v3: the listing is
 * `GET /products?status=publish` page by page (`X-WP-TotalPages`); a variable product's variants
 * are its published variations (`GET /products/<id>/variations`, also read while listing, for the
 * price range and stock); a simple or external product is its own one variant. Grouped products
 * (a page of other products, which are listed themselves) are left out. Options are the attributes
 * used for variations; the product type is the first category other than "Uncategorized"; prices are
 * the decimal strings WooCommerce sends, in the store's currency (`GET /data/currencies/current`).
 * Materials, care, fit and size guide come from `WOOCOMMERCE_META`.
 */
export class WooCommerceProductSource implements ProductSource {
  private readonly api: WooCommerceRestApi;
  private readonly pageSize: number;
  private readonly concurrency: number;
  private currency: Promise<string> | null = null;

  constructor(config: WooCommerceProductSourceConfig) {
    this.api = new WooCommerceRestApi(config);
    this.pageSize = Math.min(100, Math.max(1, config.pageSize ?? 100));
    this.concurrency = Math.max(1, config.concurrency ?? 4);
  }

  async listProducts(cursor: string | null): Promise<ProductPage> {
    const page = cursor === null ? 1 : Number(cursor);
    if (!Number.isInteger(page) || page < 1) throw new OrderSourceError('bad_response', `"${cursor}" is not a cursor of the WooCommerce catalogue.`);
    const response = await this.api.call('GET', `/wc/v3/products?status=publish&per_page=${this.pageSize}&page=${page}`);
    if (response.status === 404) throw new OrderSourceError('unavailable', 'WooCommerce has no products endpoint (is the REST API enabled?).');
    const raws = jsonList(response.body, 'products', 'products');
    const currency = await this.storeCurrency();
    const wanted = raws.filter((p) => p.raw.status === 'publish' && p.raw.type !== 'grouped');
    const products = await mapLimited(wanted, this.concurrency, async (raw) => {
      const product = this.toProduct(raw, raw.raw.type === 'variable' ? await this.variations(raw) : null, currency);
      return product ? summaryOf(product) : null;
    });
    return {
      products: products.filter((p): p is ProductSummary => p !== null),
      next: isLastPage(response, page, raws.length, this.pageSize) ? null : String(page + 1),
    };
  }

  async getProduct(id: string): Promise<Product | null> {
    const trimmed = id.trim();
    if (!/^[1-9]\d*$/.test(trimmed)) return null;
    const response = await this.api.call('GET', `/wc/v3/products/${trimmed}`);
    if (response.status === 404) return null;
    const raw = PlatformJson.of(PLATFORM, response.body, 'product');
    if (raw.raw.status !== 'publish' || raw.raw.type === 'grouped') return null;
    const currency = await this.storeCurrency();
    return this.toProduct(raw, raw.raw.type === 'variable' ? await this.variations(raw) : null, currency);
  }

  /** The store's currency, asked once (a failure is asked again next time). */
  private storeCurrency(): Promise<string> {
    this.currency ??= this.api.call('GET', '/wc/v3/data/currencies/current').then((response) => {
      if (response.status === 404) throw new OrderSourceError('unavailable', 'WooCommerce has no currency endpoint (WooCommerce 3.5 or later is needed).');
      const code = PlatformJson.of(PLATFORM, response.body, 'currency').string('code');
      if (!/^[A-Z]{3}$/.test(code)) throw badResponse(PLATFORM, `currency code "${code}"`);
      return code;
    });
    this.currency.catch(() => (this.currency = null));
    return this.currency;
  }

  /** Every published variation of a variable product, page by page. */
  private async variations(product: PlatformJson): Promise<PlatformJson[]> {
    const found: PlatformJson[] = [];
    for (let page = 1; ; page++) {
      const response = await this.api.call('GET', `/wc/v3/products/${product.string('id')}/variations?per_page=${VARIATIONS_PAGE}&page=${page}`);
      // Deleted between the listing and now: a product with no variants, left out.
      if (response.status === 404) return [];
      const items = jsonList(response.body, 'variations', 'variations');
      found.push(...items);
      if (isLastPage(response, page, items.length, VARIATIONS_PAGE)) break;
    }
    return found.filter((v) => !v.has('status') || v.raw.status === 'publish');
  }

  /** Null when nothing of it has a price (WooCommerce leaves `price` empty): it cannot be bought or quoted. */
  private toProduct(raw: PlatformJson, variations: PlatformJson[] | null, currency: string): Product | null {
    const title = raw.string('name');
    const attributes = raw.objects('attributes', true);
    const options: ProductOption[] =
      variations === null ? [] : attributes.filter((a) => a.raw.variation === true).map((a) => ({ name: a.string('name'), values: a.strings('options', true) }));
    const variantOf = (item: PlatformJson, parent: PlatformJson | null): ProductVariant | null => {
      const priceCents = toMinorUnits(item.raw.price, currency);
      if (priceCents === null) return null;
      const regular = toMinorUnits(item.raw.regular_price, currency);
      const chosen: Record<string, string> = {};
      // A variation attribute left at "Any …" comes with an empty option: it is no choice of this variant.
      for (const a of item.objects('attributes', true)) if (parent && a.optionalString('option')) chosen[a.string('name')] = a.string('option');
      return {
        id: item.string('id'),
        sku: item.optionalString('sku'),
        title: parent ? Object.values(chosen).join(' / ') || title : title,
        options: chosen,
        priceCents,
        compareAtPriceCents: regular !== null && regular > priceCents ? regular : null,
        available: canBuy(item),
        stock: stockOf(item, parent),
      };
    };
    const variants = (variations === null ? [variantOf(raw, null)] : variations.map((v) => variantOf(v, raw))).filter((v): v is ProductVariant => v !== null);
    if (variants.length === 0) return null;

    const meta = raw.objects('meta_data', true);
    const metaValue = (keys: readonly string[]): unknown => keys.map((key) => meta.find((m) => m.raw.key === key)?.raw.value).find((v) => v !== undefined && v !== null && v !== '');
    const text = (field: { meta: readonly string[]; attributes: readonly string[] }): string | null => {
      const value = metaValue(field.meta);
      // Custom fields are plain text or, from a WYSIWYG field, HTML.
      if (typeof value === 'string' && value.trim()) return (/<[a-z][^>]*>/i.test(value) ? htmlToText(value) : value.trim()) || null;
      if (Array.isArray(value) && value.every((v) => typeof v === 'string') && value.length > 0) return value.join(', ');
      const attribute = attributes.find((a) => field.attributes.includes(a.string('name').trim().toLowerCase()));
      const values = attribute?.strings('options', true) ?? [];
      return values.length > 0 ? values.join(', ') : null;
    };
    const category = raw.objects('categories', true).find((c) => c.optionalString('slug') !== 'uncategorized');
    const description = htmlToText(raw.optionalString('description') ?? '') || htmlToText(raw.optionalString('short_description') ?? '');

    return {
      id: raw.string('id'),
      handle: raw.string('slug'),
      title,
      productType: category?.optionalString('name') ?? null,
      tags: raw.objects('tags', true).map((t) => t.string('name')),
      options,
      url: raw.optionalString('permalink'),
      imageUrl: raw.objects('images', true)[0]?.optionalString('src') ?? null,
      currency,
      ...variantTotals(variants),
      description,
      materials: text(WOOCOMMERCE_META.materials),
      care: text(WOOCOMMERCE_META.care),
      fit: text(WOOCOMMERCE_META.fit),
      sizeGuide: parseSizeGuide(metaValue(WOOCOMMERCE_META.sizeGuide.meta) ?? null),
      variants,
    };
  }
}


/** `map` with at most `limit` calls of `fn` running at once; results in the items' order. */
async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
