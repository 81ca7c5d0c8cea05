import { OnlineCounts } from './agent-presence';
import { ReplyTimes } from './reply-time';
import { sites, type Database, type DbHandle } from '@sportello/db';
import { AppError } from '../app-error';
import type { Config } from '../config';
import { usesDefaultSecret } from '../config';
import { canAccessSite, type AgentPrincipal } from './principal';
import { AuthService } from './auth-service';
import { KbService } from './kb-service';
import { ReportService } from './report-service';
import { PrivacyService } from './privacy-service';
import { ContextService } from './context-service';
import { ReturnService } from './return-service';
import { BotRunner } from './bot-runner';
import { LlmAssistant } from './llm-assistant';
import { OrderSources } from './order-sources';
import { ProductSources } from './product-sources';
import type { FastifyBaseLogger } from 'fastify';
import type { ConversationNotifier } from './conversation-notifier';
import { RecordingNotifier } from './conversation-notifier';
import { ConversationService } from './conversation-service';
import { MessageWriter } from './message-writer';
import { MemoryRateLimiter, type RateLimiter } from './rate-limiter';
import { LoginGuard } from './login-guard';
import { SharedCounters } from './shared-counters';
import { RedisRateLimiter } from './redis-rate-limiter';
import { SiteService } from './site-service';
import { VisitorService } from './visitor-service';
import { AttachmentService, FileLinks } from './attachment-service';
import { DiskFileStore, S3FileStore } from './file-store';

/** Everything the routes and namespaces use, built once per app. */
export interface Services {
  config: Config;
  db: Database;
  dbKind: DbHandle['kind'];
  conversations: ConversationService;
  auth: AuthService;
  sites: SiteService;
  kb: KbService;
  reports: ReportService;
  replyTimes: ReplyTimes;
  onlineCounts: OnlineCounts;
  privacy: PrivacyService;
  context: ContextService;
  returns: ReturnService;
  orders: OrderSources;
  /** Each site's product source and the catalogue the bot searches. */
  products: ProductSources;
  bot: BotRunner;
  /** The app's logger, set by buildApp. */
  log: FastifyBaseLogger | null;
  visitors: VisitorService;
  /** Files of conversations: uploads, signed links, the file store. */
  files: AttachmentService;
  rateLimiter: RateLimiter;
  loginGuard: LoginGuard;
  /** Replaced by the Socket.IO broadcaster when the sockets attach. */
  notifier: ConversationNotifier;
  /** Ids of every site, for admins (who work on all of them). */
  allSiteIds(): Promise<string[]>;
  /** The sites an agent works on: every site for admins. */
  siteIdsOf(agent: AgentPrincipal): Promise<string[]>;
  /** The site a request is about: the one named (if the agent works on it), else the agent's only site. */
  siteFor(agent: AgentPrincipal, siteId: string | undefined): Promise<string>;
}

/** Files of conversations in the store the configuration names (S3 when `S3_BUCKET` is set, else `FILES_DIR`). */
export function createFileService(config: Config, db: Database): AttachmentService {
  return new AttachmentService(db, config.s3 ? new S3FileStore(config.s3) : new DiskFileStore(config.filesDir), new FileLinks(config.sessionSecret, config.publicUrl));
}

const silentLog = { error: () => undefined } as unknown as FastifyBaseLogger;

export function createServices(config: Config, handle: DbHandle): Services {
  const { db } = handle;
  const writer = new MessageWriter(handle.query, { maxInFlight: handle.kind === 'pglite' ? 1 : 2 });
  // With Redis, rate limits (messages, new visitors, previews) hold across processes; sign-in
  // attempts are counted in the database, which every process shares whatever else is down.
  const rateLimiter = config.redisUrl ? new RedisRateLimiter(config.redisUrl, config.redisPrefix) : new MemoryRateLimiter();
  const files = createFileService(config, db);
  const services: Services = {
    config,
    db,
    dbKind: handle.kind,
    conversations: new ConversationService(db, writer, () => services.notifier, files, config.agentQueryTimeoutMs),
    files,
    auth: new AuthService(db, { pepper: config.sessionSecret, sessionTtlMs: config.sessionTtlMs }),
    sites: new SiteService(db),
    kb: new KbService(db),
    reports: new ReportService(db, handle.query),
    replyTimes: new ReplyTimes(db),
    onlineCounts: new OnlineCounts(db),
    privacy: new PrivacyService(db, files),
    orders: new OrderSources(db, config),
    products: new ProductSources(db, config, () => services.log),
    bot: undefined as unknown as BotRunner,
    context: undefined as unknown as ContextService,
    returns: undefined as unknown as ReturnService,
    log: null,
    visitors: new VisitorService(db, config.sessionSecret, () => services.notifier),
    rateLimiter,
    loginGuard: new LoginGuard(new SharedCounters(db), config.sessionSecret, !usesDefaultSecret(config)),
    notifier: new RecordingNotifier(),
    async allSiteIds() {
      return (await db.select({ id: sites.id }).from(sites)).map((s) => s.id);
    },
    async siteIdsOf(agent) {
      return agent.role === 'admin' ? services.allSiteIds() : agent.siteIds;
    },
    async siteFor(agent, siteId) {
      if (siteId) {
        if (!canAccessSite(agent, siteId)) throw new AppError('NOT_FOUND', 'No such site.');
        return siteId;
      }
      const siteIds = await services.siteIdsOf(agent);
      if (siteIds.length !== 1) throw new AppError('VALIDATION_FAILED', 'siteId: say which site.');
      return siteIds[0]!;
    },
  };
  services.context = new ContextService(db, services.orders, services.sites, files);
  services.returns = new ReturnService(db, services.conversations);
  services.bot = new BotRunner({
    db,
    conversations: services.conversations,
    kb: services.kb,
    sites: services.sites,
    orders: services.orders,
    products: services.products,
    visitors: services.visitors,
    log: () => services.log ?? silentLog,
    llm: config.openai ? new LlmAssistant(config.openai) : null,
  });
  return services;
}
