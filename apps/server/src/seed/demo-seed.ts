import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { agents, demoOrders as demoOrdersTable, demoProducts, demoProductVariants, kbArticles, siteAgents, sites, type Database, type SiteSettings } from '@sportello/db';
import { normalizeOrigin } from '../services/site-service';
import { readArticlesFromPath } from '../services/kb-files';
import type { ArticleInput } from '../services/kb-service';
import { hashPassword } from '../password';
import { demoOrders } from './demo-orders';
import { readDemoProducts } from './demo-products';

/** Public key of the demo site, as pasted in the demo store's snippet. */
export const DEMO_SITE_KEY = 'demo';

const KB_DIR = fileURLToPath(new URL('../../seed/kb', import.meta.url));

export const DEMO_SETTINGS: SiteSettings = {
  defaultLocale: 'en',
  locales: ['en', 'it'],
  color: '#7a2e3a',
  position: 'right',
  launcherText: { en: 'Chat with us', it: 'Scrivici' },
  greeting: {
    en: 'Hi! I can track your order, start a return or answer questions about Sartoria Aurora.',
    it: 'Ciao! Posso seguire il tuo ordine, avviare un reso o rispondere alle domande su Sartoria Aurora.',
  },
  offlineText: {
    en: 'Our team is away right now. Leave your email and we will answer as soon as we are back.',
    it: 'Il nostro team ora non è disponibile. Lasciaci la tua email e ti risponderemo appena possibile.',
  },
  timeZone: 'Europe/Rome',
  businessHours: {
    mon: { open: '09:00', close: '18:00' },
    tue: { open: '09:00', close: '18:00' },
    wed: { open: '09:00', close: '18:00' },
    thu: { open: '09:00', close: '18:00' },
    fri: { open: '09:00', close: '18:00' },
    sat: { open: '10:00', close: '14:00' },
  },
  returnPolicy: {
    windowDays: 30,
    nonReturnableTags: ['underwear', 'swimwear', 'earrings', 'gift-card', 'personalised', 'final-sale'],
    autoApproveLimitCents: 15_000,
    sizeExchanges: true,
    labelByEmail: true,
  },
};

export interface SeedResult {
  siteId: string;
  /** Set only when this run created the admin with a generated password: print it once. */
  admin: { email: string; password: string | null } | null;
}

/**
 * Seeds the demo store on first start: the `demo` site, an admin agent, the knowledge base in
 * English and Italian, demo orders and the demo catalogue (products with variants and stock). Each
 * part is seeded only when missing, so a restart keeps whatever the merchant changed.
 */
export async function seedDemo(db: Database, options: { publicUrl: string; adminEmail?: string | undefined; adminPassword?: string | undefined }): Promise<SeedResult> {
  const origins = [...new Set([options.publicUrl, 'http://localhost:3000', 'http://127.0.0.1:3000'].map((o) => normalizeOrigin(o)).filter((o): o is string => !!o))];
  let [site] = await db.select().from(sites).where(eq(sites.key, DEMO_SITE_KEY));
  if (!site) {
    [site] = await db
      .insert(sites)
      .values({
        key: DEMO_SITE_KEY,
        name: 'Sartoria Aurora (demo)',
        allowedOrigins: origins,
        secret: randomBytes(32).toString('hex'),
        settings: DEMO_SETTINGS,
      })
      .onConflictDoNothing()
      .returning();
    [site] = site ? [site] : await db.select().from(sites).where(eq(sites.key, DEMO_SITE_KEY));
  }
  const siteId = site!.id;

  let admin: SeedResult['admin'] = null;
  const [agentCount] = await db.select({ n: count() }).from(agents);
  if ((agentCount?.n ?? 0) === 0) {
    const email = (options.adminEmail ?? 'admin@sportello.local').toLowerCase();
    const generated = options.adminPassword ? null : randomBytes(9).toString('base64url');
    const [created] = await db
      .insert(agents)
      .values({ email, name: 'Admin', role: 'admin', passwordHash: await hashPassword(options.adminPassword ?? generated!) })
      .onConflictDoNothing()
      .returning();
    if (created) {
      await db.insert(siteAgents).values({ siteId, agentId: created.id }).onConflictDoNothing();
      admin = { email, password: generated };
    }
  }

  const [articleCount] = await db.select({ n: count() }).from(kbArticles).where(eq(kbArticles.siteId, siteId));
  if ((articleCount?.n ?? 0) === 0) {
    const rows = readDemoArticles().map((a) => ({ siteId, ...a }));
    if (rows.length) await db.insert(kbArticles).values(rows);
  }

  const [orderCount] = await db.select({ n: count() }).from(demoOrdersTable).where(eq(demoOrdersTable.siteId, siteId));
  if ((orderCount?.n ?? 0) === 0) {
    await db
      .insert(demoOrdersTable)
      .values(
        demoOrders().map((o) => ({
          siteId,
          ...o,
          totalCents: o.items.reduce((sum, item) => sum + item.priceCents * item.quantity, 0),
        })),
      )
      .onConflictDoNothing();
  }
  const [productCount] = await db.select({ n: count() }).from(demoProducts).where(eq(demoProducts.siteId, siteId));
  if ((productCount?.n ?? 0) === 0) await seedDemoProducts(db, siteId);
  return { siteId, admin };
}

/**
 * The demo catalogue, in one transaction: a product is never there without its variants. Another
 * process seeding at the same moment makes the unique (site, handle) index refuse ours, which
 * rolls back and leaves theirs.
 */
async function seedDemoProducts(db: Database, siteId: string): Promise<void> {
  const seeds = readDemoProducts();
  try {
    await db.transaction(async (tx) => {
      const inserted = await tx
        .insert(demoProducts)
        .values(seeds.map(({ variants: _variants, ...product }) => ({ siteId, ...product })))
        .returning({ id: demoProducts.id, handle: demoProducts.handle });
      const idOf = new Map(inserted.map((row) => [row.handle, row.id]));
      await tx.insert(demoProductVariants).values(seeds.flatMap((p) => p.variants.map((v) => ({ productId: idOf.get(p.handle)!, ...v }))));
    });
  } catch (error) {
    const [seeded] = await db.select({ n: count() }).from(demoProducts).where(eq(demoProducts.siteId, siteId));
    if ((seeded?.n ?? 0) === 0) throw error;
  }
}

/** The demo knowledge base: `seed/kb/<locale>/<topic>.md`. */
export function readDemoArticles(): ArticleInput[] {
  return readArticlesFromPath(KB_DIR);
}
