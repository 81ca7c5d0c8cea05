import type { Database } from '@sportello/db';

// Any constant: the first half of the advisory-lock key, so these locks never meet other users'.
const TURN_LOCK_CLASS = 7_262_002;
// A turn waits this long for another process's turn on the same conversation, then goes ahead
// (logged): a holder that slow is stuck, and a shopper's message must not go unanswered.
const WAIT_LIMIT_MS = 30_000;
// The lock connection closes after this long without a held lock, so an idle process keeps none.
const IDLE_CLOSE_MS = 5_000;

/** The part of node-postgres this uses, without depending on `pg` here. */
interface PgClient {
  connect(): Promise<unknown>;
  query(text: string, params: unknown[]): Promise<{ rows: { locked?: boolean }[] }>;
  end(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): unknown;
}
interface PgPool {
  Client: new (options: unknown) => PgClient;
  options: unknown;
}

/** Releases a lock; never throws. */
export type Release = () => Promise<void>;

/**
 * Serialises work on one key (a conversation) across server processes that share PostgreSQL,
 * with session-level advisory locks held on one connection of this process's own, beside the
 * pool: a held lock costs no pooled connection, so a slow turn (an LLM, a store's API) never
 * starves the message path. A process that dies loses its connection, and PostgreSQL drops its
 * locks with it. On PGlite (one process by construction) it does nothing.
 */
export class TurnLock {
  private client: Promise<PgClient> | null = null;
  private held = 0;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly pool: PgPool | null,
    private readonly onSlow: (key: string, waitedMs: number) => void = () => undefined,
  ) {}

  /** A lock for the database behind `db`: advisory locks on PostgreSQL, none on PGlite. */
  static for(db: Database, onSlow?: (key: string, waitedMs: number) => void): TurnLock {
    const client = (db as unknown as { $client?: Partial<PgPool> }).$client;
    const isPool = !!client && typeof client.Client === 'function' && client.options !== undefined;
    return new TurnLock(isPool ? (client as PgPool) : null, onSlow);
  }

  /** Waits until no other process holds `key`, and holds it until the returned release. */
  async acquire(key: string): Promise<Release> {
    if (!this.pool) return async () => undefined;
    this.held++;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    let owner: Promise<PgClient> | null = null;
    try {
      const start = Date.now();
      for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
        owner = this.connection();
        const [row] = (await (await owner).query('select pg_try_advisory_lock($1, hashtext($2)) as locked', [TURN_LOCK_CLASS, key])).rows;
        if (row?.locked) break;
        if (Date.now() - start > WAIT_LIMIT_MS) {
          this.onSlow(key, Date.now() - start);
          owner = null; // not ours to unlock
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    } catch (error) {
      this.done();
      throw error;
    }
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      // A lock of a connection that has since failed went with it.
      if (owner && owner === this.client) {
        await (await owner).query('select pg_advisory_unlock($1, hashtext($2))', [TURN_LOCK_CLASS, key]).catch(() => undefined);
      }
      this.done();
    };
  }

  private done(): void {
    this.held--;
    if (this.held === 0 && this.client) {
      this.idleTimer = setTimeout(() => this.close(), IDLE_CLOSE_MS);
      this.idleTimer.unref();
    }
  }

  private connection(): Promise<PgClient> {
    if (this.client) return this.client;
    const client = new this.pool!.Client(this.pool!.options);
    const connecting = client.connect().then(() => client);
    this.client = connecting;
    // A dropped connection (PostgreSQL restarted) took its locks with it; the next turn reconnects.
    const drop = () => {
      if (this.client === connecting) this.client = null;
    };
    client.on('error', drop);
    connecting.catch(drop);
    return connecting;
  }

  private close(): void {
    this.idleTimer = null;
    const client = this.client;
    this.client = null;
    void client?.then((c) => c.end()).catch(() => undefined);
  }
}
