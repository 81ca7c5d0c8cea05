import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { createDb, sites } from '@sportello/db';
import { loadConfig, loadDotEnv } from './config';
import { holderOf } from './data-dir-lock';
import { KbService } from './services/kb-service';
import { readArticlesFromPath } from './services/kb-files';
import { PrivacyService } from './services/privacy-service';
import { createFileService } from './services/container';
import { botEval } from './services/bot-eval';

const USAGE = `Usage:
  pnpm sportello kb import <file.json | folder> --site <key>   import articles (same locale and title replaces)
  pnpm sportello kb export --site <key> [--out <file.json>]     print or write the site's articles
  pnpm sportello privacy export --site <key> --email <address> [--out <file.json>]
                                                                everything held about a shopper
  pnpm sportello privacy erase --site <key> --email <address>   erase a shopper's chats and details
  pnpm sportello bot eval <cases.jsonl> --site <key> [--errors] accuracy of the bot on a labelled file

The database is the server's: DATABASE_URL, else the PGlite directory DATA_DIR (default ./data).
With PGlite, stop the server first (or use POST /api/v1/kb/import while it runs).`;

/**
 * The command line as Node's own parser reads it (strict): an unknown option, an option without its
 * value (`--site --out x`) or a value given twice is an error, not a guess.
 */
function parse(args: string[]): { positionals: string[]; values: { site?: string; email?: string; out?: string; errors?: boolean } } | string {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { site: { type: 'string' }, email: { type: 'string' }, out: { type: 'string' }, errors: { type: 'boolean' } },
    });
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

async function main(args: string[]): Promise<number> {
  const parsed = parse(args);
  if (typeof parsed === 'string') {
    console.error(parsed + '\n\n' + USAGE);
    return 2;
  }
  const [area, command, ...files] = parsed.positionals;
  const { site: siteKey, email, out } = parsed.values;
  const known =
    (area === 'kb' && (command === 'import' || command === 'export')) ||
    (area === 'privacy' && (command === 'export' || command === 'erase')) ||
    (area === 'bot' && command === 'eval');
  if (!known) {
    console.error(USAGE);
    return 2;
  }
  if (files.length > 1) {
    console.error(`One file at most, got ${files.join(', ')}.\n\n` + USAGE);
    return 2;
  }
  if (!siteKey) {
    console.error('--site <key> is required.\n\n' + USAGE);
    return 2;
  }
  loadDotEnv();
  const config = loadConfig();
  if (!config.databaseUrl) {
    if (!existsSync(join(config.dataDir, 'PG_VERSION'))) {
      console.error(`There is no database in ${config.dataDir}: start the server once (pnpm start), or set DATA_DIR or DATABASE_URL.`);
      return 1;
    }
    const holder = holderOf(config.dataDir);
    if (holder) {
      console.error(`The server (process ${holder}) holds ${config.dataDir}. Stop it, or import through the API: POST /api/v1/kb/import.`);
      return 1;
    }
  }
  if (area === 'privacy' && !email) {
    console.error('--email <address> is required.\n\n' + USAGE);
    return 2;
  }
  const articles = area === 'kb' && command === 'import' ? readArticlesFromPath(resolve(files[0] ?? '.')) : [];
  const db = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const [site] = await db.db.select().from(sites).where(eq(sites.key, siteKey));
    if (!site) {
      console.error(`No site with key "${siteKey}".`);
      return 1;
    }
    if (area === 'bot') {
      const path = files[0];
      if (!path) {
        console.error('The cases file is required.\n\n' + USAGE);
        return 2;
      }
      console.log(await botEval(db.db, config, site, resolve(path), { errors: parsed.values.errors === true }));
      return 0;
    }
    if (area === 'privacy') {
      const privacy = new PrivacyService(db.db, createFileService(config, db.db));
      if (command === 'erase') {
        const erased = await privacy.erase(site.id, { email });
        console.log(`Erased ${erased.visitors} shopper record(s) and ${erased.conversations} conversation(s) for ${email}.`);
        return erased.visitors ? 0 : 1;
      }
      const shoppers = await privacy.export(site.id, { email });
      const json = JSON.stringify({ shoppers }, null, 2);
      if (out) writeFileSync(out, json + '\n');
      else console.log(json);
      if (out) console.log(`Wrote ${shoppers.length} shopper record(s) to ${out}.`);
      return shoppers.length ? 0 : 1;
    }
    const kb = new KbService(db.db);
    if (command === 'import') {
      const { created, updated } = await kb.import(site.id, articles);
      console.log(`Imported ${articles.length} articles into ${site.key}: ${created} new, ${updated} replaced.`);
    } else {
      const json = JSON.stringify(await kb.export(site.id), null, 2);
      if (out) {
        writeFileSync(out, json + '\n');
        console.log(`Wrote the articles of ${site.key} to ${out}.`);
      } else {
        console.log(json);
      }
    }
    return 0;
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
