import { variantTotals, type Product, type ProductOption, type ProductPage, type ProductSource, type ProductSummary, type ProductVariant } from '@sportello/protocol';
import { htmlToText } from './html-text';
import { toMinorUnits } from './money';
import type { PlatformJson } from './platform-json';
import { badResponse, isRecord } from './platform-request';
import { ShopifyAdminApi, type ShopifyConnection } from './shopify-admin-api';
import { parseSizeGuide } from './size-guide';

/** The store and an Admin API access token with read_products and read_inventory. */
export interface ShopifyProductSourceConfig extends ShopifyConnection {
  /**
   * Products per listing page. Default 25: with ten variants each (for availability) a page costs
   * about 530 of the 1,000 points a single query may cost; 250 would be far over it.
   */
  pageSize?: number;
}

const PLATFORM = 'Shopify';
/** Variants read with each listed product: enough to find one for sale; more are read only if none is. */
const LISTING_VARIANTS = 10;
const VARIANTS_PAGE = 100;

/**
 * Where Sportello reads what Shopify has no field for, as product metafields (namespace.key), in
 * order of preference. `custom.*` are definitions the merchant adds (Settings → Custom data →
 * Products); `descriptors.care_guide` is Shopify's standard "Care guide" definition. Text, multi-line
 * text, rich text and lists of text are read as text; the size guide is a `json` metafield in
 * Sportello's `SizeGuide` shape (see `parseSizeGuide`).
 */
export const SHOPIFY_METAFIELDS = {
  materials: ['custom.materials', 'custom.material'],
  care: ['custom.care', 'descriptors.care_guide'],
  fit: ['custom.fit'],
  sizeGuide: ['custom.size_guide'],
} as const;

const alias = (key: string) => key.replace(/[^a-z0-9]/gi, '_');
const METAFIELD_FIELDS = Object.values(SHOPIFY_METAFIELDS)
  .flat()
  .map((key) => {
    const [namespace, name] = key.split('.');
    return `${alias(key)}: metafield(namespace: "${namespace}", key: "${name}") { type value }`;
  })
  .join('\n    ');

const SHOP_FIELDS = 'shop { currencyCode primaryDomain { url } }';

const PRODUCT_SUMMARY = `
fragment SportelloProductSummary on Product {
  id
  handle
  title
  status
  productType
  tags
  onlineStoreUrl
  hasOnlyDefaultVariant
  category { name }
  options { name values }
  featuredMedia { preview { image { url } } }
  priceRangeV2 { minVariantPrice { amount currencyCode } maxVariantPrice { amount currencyCode } }
}`;

const VARIANT_FIELDS = `
fragment SportelloVariant on ProductVariant {
  id
  sku
  title
  price
  compareAtPrice
  availableForSale
  inventoryQuantity
  selectedOptions { name value }
  inventoryItem { tracked }
}`;

const LIST_PRODUCTS = `
query SportelloProducts($first: Int!, $after: String, $query: String!) {
  ${SHOP_FIELDS}
  products(first: $first, after: $after, query: $query, sortKey: ID) {
    pageInfo { hasNextPage endCursor }
    nodes {
      ...SportelloProductSummary
      variants(first: ${LISTING_VARIANTS}) { pageInfo { hasNextPage endCursor } nodes { availableForSale } }
    }
  }
}
${PRODUCT_SUMMARY}`;

const GET_PRODUCT = `
query SportelloProduct($id: ID!) {
  ${SHOP_FIELDS}
  product(id: $id) {
    ...SportelloProductSummary
    descriptionHtml
    ${METAFIELD_FIELDS}
    variants(first: ${VARIANTS_PAGE}) { pageInfo { hasNextPage endCursor } nodes { ...SportelloVariant } }
  }
}
${PRODUCT_SUMMARY}
${VARIANT_FIELDS}`;

const MORE_VARIANTS = `
query SportelloProductVariants($id: ID!, $after: String) {
  product(id: $id) {
    variants(first: ${VARIANTS_PAGE}, after: $after) { pageInfo { hasNextPage endCursor } nodes { ...SportelloVariant } }
  }
}
${VARIANT_FIELDS}`;

/** `gid://shopify/Product/123` or `123` → the GID; null for anything else (it cannot be a product). */
function productGid(id: string): string | null {
  const trimmed = id.trim();
  if (/^gid:\/\/shopify\/Product\/\d+$/.test(trimmed)) return trimmed;
  if (/^[1-9]\d*$/.test(trimmed)) return `gid://shopify/Product/${trimmed}`;
  return null;
}

/**
 * A metafield's value as text: plain and multi-line text as they are, a list of texts joined with
 * commas, rich text flattened to its words (paragraphs on their own lines). Null when unset or empty.
 */
export function metafieldText(metafield: { type: string | null; value: string | null } | null): string | null {
  if (!metafield?.value?.trim()) return null;
  const { type, value } = metafield;
  if (type === 'rich_text_field' || type?.startsWith('list.')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      return value.trim();
    }
    const text = Array.isArray(parsed) ? parsed.filter((v) => typeof v === 'string' && v.trim()).join(', ') : richText(parsed).trim();
    return text || null;
  }
  return value.trim();
}

/** The words of a Shopify rich-text tree (`{ type: 'root', children: [{ type: 'paragraph', … }] }`). */
function richText(node: unknown): string {
  if (!isRecord(node)) return '';
  if (node.type === 'text') return typeof node.value === 'string' ? node.value : '';
  const children = Array.isArray(node.children) ? node.children.map(richText) : [];
  const block = node.type === 'root' || node.type === 'list';
  return children.join(block ? '\n' : '');
}

interface Shop {
  currency: string;
  /** `https://shop.example.com`, for product URLs when Shopify gives no online store URL. */
  domain: string | null;
}

/**
 * The catalogue of a Shopify store through the Admin GraphQL API (the version the order source
 * uses). The listing is `products(query: "status:active")`, page by page on Shopify's cursor, with
 * the price range from `priceRangeV2` and availability from the variants' `availableForSale`; a
 * product is one `product(id:)` with every variant (100 a page), null when Shopify has none or it
 * is not active. Stock is `inventoryQuantity` when the variant's inventory item is tracked, else
 * unknown. Materials, care, fit and size guide come from the metafields in `SHOPIFY_METAFIELDS`;
 * the product type falls back to the Standard Product Taxonomy category's name. Descriptions are
 * `descriptionHtml` turned into plain text. Needs the read_products and read_inventory scopes.
 */
export class ShopifyProductSource implements ProductSource {
  private readonly api: ShopifyAdminApi;
  private readonly pageSize: number;

  constructor(config: ShopifyProductSourceConfig) {
    this.api = new ShopifyAdminApi(config);
    this.pageSize = Math.min(250, Math.max(1, config.pageSize ?? 25));
  }

  async listProducts(cursor: string | null): Promise<ProductPage> {
    const data = await this.api.query(LIST_PRODUCTS, { first: this.pageSize, after: cursor, query: 'status:active' });
    const shop = shopOf(data);
    const page = data.connection('products');
    const products: ProductSummary[] = [];
    for (const node of page.nodes) {
      if (node.optionalString('status') !== 'ACTIVE') continue;
      products.push({ ...this.summaryFields(node, shop), available: await this.anyForSale(node) });
    }
    return { products, next: page.hasNextPage ? page.endCursor : null };
  }

  async getProduct(id: string): Promise<Product | null> {
    const gid = productGid(id);
    if (!gid) return null;
    const data = await this.api.query(GET_PRODUCT, { id: gid });
    const node = data.optionalObject('product');
    if (!node || node.optionalString('status') !== 'ACTIVE') return null;
    const shop = shopOf(data);
    const variantNodes = await this.allVariants(node);
    const variants = variantNodes.map((v) => toVariant(v, node, shop.currency));
    if (variants.length === 0) return null;
    const metafield = (keys: readonly string[]) => {
      for (const key of keys) {
        const field = node.optionalObject(alias(key));
        const text = metafieldText(field ? { type: field.optionalString('type'), value: field.optionalString('value') } : null);
        if (text) return text;
      }
      return null;
    };
    const sizeGuideField = SHOPIFY_METAFIELDS.sizeGuide.map((key) => node.optionalObject(alias(key))?.optionalString('value')).find((v) => v);
    return {
      ...this.summaryFields(node, shop),
      ...variantTotals(variants),
      description: htmlToText(node.optionalString('descriptionHtml') ?? ''),
      materials: metafield(SHOPIFY_METAFIELDS.materials),
      care: metafield(SHOPIFY_METAFIELDS.care),
      fit: metafield(SHOPIFY_METAFIELDS.fit),
      sizeGuide: parseSizeGuide(sizeGuideField ?? null),
      variants,
    };
  }

  /** Every field of the listing but availability. */
  private summaryFields(node: PlatformJson, shop: Shop): Omit<ProductSummary, 'available'> {
    const range = node.object('priceRangeV2');
    const min = range.object('minVariantPrice');
    const max = range.object('maxVariantPrice');
    const currency = min.optionalString('currencyCode') ?? shop.currency;
    const minPriceCents = toMinorUnits(min.string('amount'), currency);
    const maxPriceCents = toMinorUnits(max.string('amount'), currency);
    if (minPriceCents === null || maxPriceCents === null) throw badResponse(PLATFORM, 'product price range is not a number');
    const handle = node.string('handle');
    // A product without options has one, "Title", with the one value "Default Title": not a choice.
    const options: ProductOption[] =
      node.raw.hasOnlyDefaultVariant === true ? [] : node.objects('options', true).map((o) => ({ name: o.string('name'), values: o.strings('values', true) }));
    return {
      id: node.string('id'),
      handle,
      title: node.string('title'),
      productType: node.optionalString('productType')?.trim() || node.optionalObject('category')?.optionalString('name') || null,
      tags: node.strings('tags', true),
      options,
      url: node.optionalString('onlineStoreUrl') ?? (shop.domain ? `${shop.domain}/products/${encodeURIComponent(handle)}` : null),
      imageUrl: node.optionalObject('featuredMedia')?.optionalObject('preview')?.optionalObject('image')?.optionalString('url') ?? null,
      currency,
      minPriceCents,
      maxPriceCents,
    };
  }

  /** Whether any variant of a listed product is for sale, reading past the first ones only when none of them is. */
  private async anyForSale(node: PlatformJson): Promise<boolean> {
    let page = node.connection('variants');
    for (;;) {
      if (page.nodes.some((v) => v.raw.availableForSale === true)) return true;
      if (!page.hasNextPage || !page.endCursor) return false;
      page = (await this.api.query(MORE_VARIANTS, { id: node.string('id'), after: page.endCursor })).object('product').connection('variants');
    }
  }

  private allVariants(node: PlatformJson): Promise<PlatformJson[]> {
    return this.api.allNodes(node, 'variants', MORE_VARIANTS, 'product');
  }
}

function shopOf(data: PlatformJson): Shop {
  const shop = data.object('shop');
  const domain = shop.optionalObject('primaryDomain')?.optionalString('url') ?? null;
  return { currency: shop.string('currencyCode'), domain: domain ? domain.replace(/\/+$/, '') : null };
}

function toVariant(v: PlatformJson, product: PlatformJson, currency: string): ProductVariant {
  const priceCents = toMinorUnits(v.string('price'), currency);
  if (priceCents === null) throw badResponse(PLATFORM, 'variant price is not a number');
  const compareAt = v.has('compareAtPrice') ? toMinorUnits(v.string('compareAtPrice'), currency) : null;
  const onlyDefault = product.raw.hasOnlyDefaultVariant === true;
  const options: Record<string, string> = {};
  if (!onlyDefault) for (const o of v.objects('selectedOptions', true)) options[o.string('name')] = o.string('value');
  const tracked = v.optionalObject('inventoryItem')?.raw.tracked === true;
  return {
    id: v.string('id'),
    sku: v.optionalString('sku'),
    // The one variant of a product without options is called "Default Title" by Shopify.
    title: onlyDefault ? product.string('title') : v.string('title'),
    options,
    priceCents,
    compareAtPriceCents: compareAt !== null && compareAt > priceCents ? compareAt : null,
    available: v.raw.availableForSale === true,
    stock: tracked && v.has('inventoryQuantity') ? Math.max(0, v.number('inventoryQuantity')) : null,
  };
}
