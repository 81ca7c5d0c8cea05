import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KnowledgeIndex } from '@sportello/bot';
import { evaluate, evaluateDialogs, formatDialogReport, formatReport, readLabelled } from '@sportello/bot/testing';
import type { Database } from '@sportello/db';
import type { Config } from '../config';
import { dryRun } from './dry-run-order-source';
import { parseArticleMarkdown } from '@sportello/protocol/kb-markdown';
import { KbService } from './kb-service';
import { OrderSources } from './order-sources';
import { ProductSources } from './product-sources';
import type { SiteRow } from './site-service';

const SEED_KB = fileURLToPath(new URL('../../seed/kb', import.meta.url));

/**
 * The topic an article answers, for `faq:<topic>` labels: a `topic:<name>` tag, else the name of
 * the demo knowledge base's file with the same locale and title, else the title in snake case.
 */
export function topicResolver(articles: { id: string; locale: string; title: string; tags: string[] }[]): (id: string) => string {
  const seeded = new Map<string, string>();
  for (const locale of readdirSync(SEED_KB)) {
    for (const file of readdirSync(join(SEED_KB, locale)).filter((f) => f.endsWith('.md'))) {
      const { title } = parseArticleMarkdown(readFileSync(join(SEED_KB, locale, file), 'utf8'), basename(file, '.md'));
      seeded.set(`${locale}\u0000${title.toLowerCase()}`, basename(file, '.md'));
    }
  }
  const byId = new Map(
    articles.map((a) => {
      const tagged = a.tags.find((t) => t.startsWith('topic:'));
      const topic = tagged?.slice(6) ?? seeded.get(`${a.locale}\u0000${a.title.toLowerCase()}`) ?? a.title.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
      return [a.id, topic];
    }),
  );
  return (id) => byId.get(id) ?? id;
}

/**
 * `pnpm sportello bot eval <file.jsonl> --site <key>`: runs a labelled file through the bot with the
 * site's published articles, policy, catalogue and order source (returns are only pretended), and
 * returns the printed report. Single messages are first messages of unverified shoppers with agents
 * online, scored strictly; dialogs (lines with `turns`) are played turn by turn and scored per turn
 * and per dialog.
 */
export async function botEval(db: Database, config: Config, site: SiteRow, casesPath: string, options: { errors?: boolean } = {}): Promise<string> {
  const rows = await new KbService(db).list(site.id, { published: true });
  const articles = rows.map((a) => ({ id: a.id, locale: a.locale, title: a.title, body: a.body, tags: a.tags, published: a.published }));
  const index = new KnowledgeIndex(articles);
  const products = new ProductSources(db, config, () => null);
  const catalogue = await products.catalogue(site);
  const { cases, dialogs } = readLabelled(casesPath);
  const orders = () => dryRun(new OrderSources(db, config).for(site));
  const botSite = {
    name: site.name,
    defaultLocale: site.settings.defaultLocale ?? 'en',
    returnPolicy: site.settings.returnPolicy ?? { windowDays: 30, nonReturnableTags: [], autoApproveLimitCents: 15_000 },
    humanAvailability: { agentsOnline: true, nextOpening: null },
    timeZone: site.settings.timeZone ?? 'UTC',
  };
  const common = { index, articles, site: botSite, catalogue, products: products.source(site), now: new Date() };
  const parts = [`site ${site.key}, ${articles.length} published articles, ${catalogue.size} products, file: ${casesPath}`];
  if (cases.length) {
    const results = await evaluate(cases, { ...common, orders: orders(), topicOf: topicResolver(rows) });
    parts.push(`single messages (${results.length})\n\n${formatReport(results, options)}`);
  }
  if (dialogs.length) {
    const results = await evaluateDialogs(dialogs, { ...common, orders });
    parts.push(`dialogs (${results.length})\n${formatDialogReport(results, options)}`);
  }
  return parts.join('\n\n');
}
