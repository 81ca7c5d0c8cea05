import { sites, type Database, type DbHandle } from '@sportello/db';
import type { Config } from '../config';
import { AuthService } from './auth-service';
import { KbService } from './kb-service';
import type { ConversationNotifier } from './conversation-notifier';
import { RecordingNotifier } from './conversation-notifier';
import { ConversationService } from './conversation-service';
import { MessageWriter } from './message-writer';
import { MemoryRateLimiter, type RateLimiter } from './rate-limiter';
import { SiteService } from './site-service';
import { VisitorService } from './visitor-service';

/** Everything the routes and namespaces use, built once per app. */
export interface Services {
  config: Config;
  db: Database;
  dbKind: DbHandle['kind'];
  conversations: ConversationService;
  auth: AuthService;
  sites: SiteService;
  kb: KbService;
  visitors: VisitorService;
  rateLimiter: RateLimiter;
  /** Replaced by the Socket.IO broadcaster when the sockets attach. */
  notifier: ConversationNotifier;
  /** Ids of every site, for admins (who work on all of them). */
  allSiteIds(): Promise<string[]>;
}

export function createServices(config: Config, handle: DbHandle): Services {
  const { db } = handle;
  const writer = new MessageWriter(handle.query, { maxInFlight: handle.kind === 'pglite' ? 1 : 2 });
  const services: Services = {
    config,
    db,
    dbKind: handle.kind,
    conversations: new ConversationService(db, writer, () => services.notifier),
    auth: new AuthService(db, { pepper: config.sessionSecret, sessionTtlMs: config.sessionTtlMs }),
    sites: new SiteService(db),
    kb: new KbService(db),
    visitors: new VisitorService(db, config.sessionSecret),
    rateLimiter: new MemoryRateLimiter(),
    notifier: new RecordingNotifier(),
    async allSiteIds() {
      return (await db.select({ id: sites.id }).from(sites)).map((s) => s.id);
    },
  };
  return services;
}
