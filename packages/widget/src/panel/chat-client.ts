import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type {
  Ack,
  Attachment,
  Author,
  RatePayload,
  ConversationReplay,
  Message,
  VisitorClientToServerEvents,
  VisitorConversation,
  VisitorServerToClientEvents,
} from '@sportello/protocol';
import { flushOutbox, Outbox, type KeyValueStorage, type OutboxItem, type SendOutcome } from '../core/outbox';
import { STORED, storageKey, type Identity } from '../core/host';
import { cleanIdentity } from '../core/identity';
import { pageOf } from '../core/page';

// Values of `@sportello/protocol` (NAMESPACES.visitor, LIMITS.*) repeated here: the widget imports
// the protocol for types only, so that zod never reaches the shopper's browser.
const VISITOR_NAMESPACE = '/visitor';
const SYNC_MAX_CONVERSATIONS = 50;
const ACK_TIMEOUT_MS = 10_000;

type VisitorSocket = Socket<VisitorServerToClientEvents, VisitorClientToServerEvents>;

export type Connection = 'idle' | 'connecting' | 'online' | 'offline' | 'refused';
/** What the shopper sees under their own message. */
export type SendState = 'sending' | 'sent' | 'seen' | 'failed';

export interface ChatClientOptions {
  base: string;
  siteKey: string;
  locale: string;
  identity: Identity | null | undefined;
  storage: KeyValueStorage | null;
  /** Extra socket.io-client options (tests outside a browser set the Origin with `extraHeaders`). */
  socketOptions?: Partial<ManagerOptions & SocketOptions>;
  /** Called after every change of state; the panel re-renders. */
  onChange(): void;
  /** A message from someone else arrived live (not from history or a replay). */
  onIncoming(message: Message): void;
}

/** A file being uploaded: `done` from 0 to 1; `error` the server's code (or `network`) and message. */
export interface Upload {
  name: string;
  done: number;
  error?: [code: string, message?: string];
}

/** What the client keeps in storage (see storageKey). */
type StoredItem = (typeof STORED)[number];

const randomId = (): string =>
  typeof crypto !== 'undefined' && crypto.randomUUID
    ? crypto.randomUUID()
    : Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 12);

/**
 * The shopper's side of the `/visitor` namespace: keeps the visitor token, the conversations and
 * their messages (de-duplicated by id, ordered by seq), sends through the outbox so that nothing
 * is lost, and catches up with `sync` on every (re)connection.
 */
export class ChatClient {
  connection: Connection = 'idle';
  conversations: VisitorConversation[] = [];
  currentId: string | null;
  agentTyping: Author | null = null;
  /** Conversations rated in this browser, so the form is not shown again before the server's answer. */
  rated: string[];
  /** Where a person will write back: the server's `visitor:profile`, a left e-mail or the page's identity. */
  email: string | null;
  /** The site's agents online, as the server last said (null before it has). */
  agentsOnline: number | null = null;
  /** Files on their way up (panel/upload.ts fills it). */
  uploads: Upload[] = [];

  private socket: VisitorSocket | undefined;
  private readonly messages = new Map<string, Message[]>();
  private readonly seenIds = new Set<string>();
  private readonly attempts = new Map<string, 'sending' | 'failed'>();
  readonly outbox: Outbox;
  private flushing: Promise<void> | null = null;
  private filling: Promise<void> | null = null;
  private fillAgain = false;
  private flushAgain = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private retryDelay = 1000;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private typingSent = false;
  private agentTypingTimer: ReturnType<typeof setTimeout> | undefined;
  private pageSent = false;
  /** Set when the server refused the handshake with the page's identity: connect without it. */
  private skipIdentity = false;
  private sentIdentity: Identity | undefined;
  private networkFailures = 0;
  private everConnected = false;
  /** The token the last handshake sent (null: none). */
  private sentToken: string | null = null;
  private readonly onStorage = (e: StorageEvent) => this.storageChanged(e);
  private readonly keys: Record<StoredItem, string>;

  constructor(private readonly o: ChatClientOptions) {
    this.keys = Object.fromEntries(STORED.map((name) => [name, storageKey(o.siteKey, name)])) as Record<StoredItem, string>;
    this.outbox = new Outbox(o.storage, this.keys.outbox);
    // Another shopper signed in on this browser since the stored chat was made: none of it is theirs.
    if (this.otherUser(o.identity)) this.forget();
    this.keepUser(o.identity);
    this.currentId = this.read(this.keys.conversation);
    this.email = this.read(this.keys.email) || cleanIdentity(o.identity)?.email || null;
    try {
      this.rated = JSON.parse(this.read(this.keys.rated) || '[]') as string[];
    } catch {
      this.rated = [];
    }
    if (typeof addEventListener === 'function') addEventListener('storage', this.onStorage);
  }

  // ---------------------------------------------------------------- reading state

  /** The current conversation, if one exists on the server. */
  get current(): VisitorConversation | undefined {
    return this.conversations.find((c) => c.id === this.currentId);
  }

  /** Stored messages of the current conversation, oldest first. */
  get currentMessages(): Message[] {
    return (this.currentId && this.messages.get(this.currentId)) || [];
  }

  /** Unacked messages of the current conversation (or of the one not started yet). */
  get pending(): OutboxItem[] {
    return this.outbox.list().filter((i) => i.conversationId === this.currentId || i.conversationId === null);
  }

  /** Sending state of an unacked item. */
  pendingState(item: OutboxItem): 'sending' | 'failed' {
    const down = this.connection === 'offline' || this.connection === 'refused';
    return item.failed || down || this.attempts.get(item.clientId) === 'failed' ? 'failed' : 'sending';
  }

  /** Sent or seen, for a stored message of the shopper. */
  sentState(message: Message): SendState {
    return (this.current?.agentSeenSeq ?? 0) >= message.seq ? 'seen' : 'sent';
  }

  /** Replies the shopper has not seen in the current conversation, and the newest one's text. */
  unread(): { count: number; preview: string | null } {
    const seen = this.current?.visitorSeenSeq ?? 0;
    const unseen = this.currentMessages.filter((m) => m.author.type !== 'visitor' && m.seq > seen);
    const last = unseen[unseen.length - 1];
    return { count: unseen.length, preview: last ? last.body.replace(/\s+/g, ' ').slice(0, 90) : null };
  }

  // ---------------------------------------------------------------- connection

  /** Connects (once); later calls do nothing. */
  connect(): void {
    if (this.socket) return;
    const url = new URL(this.o.base);
    const socket: VisitorSocket = io(url.origin + VISITOR_NAMESPACE, {
      path: url.pathname + 'socket.io',
      // WebSocket first and alone: no sticky sessions are needed when several server processes sit
      // behind a load balancer (long-polling needs them), and the polling and WebTransport clients
      // stay out of the panel (vite.panel.config.ts). Polling is fetched only when WebSocket keeps
      // failing (usePolling).
      transports: ['websocket'],
      ...this.o.socketOptions,
      // A function: read again on every reconnection, so a token issued meanwhile is sent.
      auth: (cb) => {
        this.sentToken = this.read(this.keys.token);
        // The page's identity, else the email the shopper left (see leaveEmail).
        const left = this.read(this.keys.email);
        this.sentIdentity = this.skipIdentity ? undefined : cleanIdentity(this.o.identity || (left ? { email: left } : null));
        cb({ siteKey: this.o.siteKey, token: this.sentToken || undefined, locale: this.o.locale, identity: this.sentIdentity });
      },
    });
    this.socket = socket;
    this.setConnection('connecting');
    socket.on('visitor:session', ({ token }) => {
      const stored = this.read(this.keys.token);
      // Another tab got a token while this one was connecting: be that visitor, not a second one.
      if (stored && stored !== this.sentToken) socket.disconnect().connect();
      else {
        // A new visitor although a token was sent (unknown to the server, or another signed-in
        // shopper's): what this browser held belongs to the old one.
        // The token is replaced, not removed first: other tabs would read a removal as a logout.
        if (this.sentToken) this.forget(true, 'token');
        this.write(this.keys.token, token);
        this.keepUser(this.o.identity);
      }
    });
    socket.on('connect', () => {
      this.everConnected = true;
      // The page the shopper is on, once per page load: agents see the trail.
      const page = pageOf(location.href, document.title);
      if (page && !this.pageSent) {
        this.pageSent = true;
        socket.emit('visitor:page', page);
      }
      this.setConnection('online');
      this.catchUp().catch(() => this.scheduleFlush());
    });
    socket.on('disconnect', () => {
      for (const item of this.outbox.list()) this.attempts.set(item.clientId, 'failed');
      this.agentTyping = null;
      this.setConnection('offline');
    });
    socket.on('connect_error', (err) => {
      const code = (err as Error & { data?: { code?: string } }).data?.code;
      if (!code) {
        // Network: socket.io retries by itself; a WebSocket that never opened may be blocked.
        if (++this.networkFailures === 2 && !this.everConnected) void this.usePolling();
        return this.setConnection('offline');
      }
      if (code === 'VALIDATION_FAILED' && (this.sentIdentity || this.sentToken)) {
        // The handshake itself was refused: first leave out the identity the page gave, and only
        // then the stored token (which starts a new visitor).
        if (this.sentIdentity) this.skipIdentity = true;
        else this.remove(this.keys.token);
        socket.connect();
        return;
      }
      if (code === 'SERVICE_UNAVAILABLE' || code === 'INTERNAL') {
        this.setConnection('offline');
        // socket.io does not retry a refused handshake by itself.
        this.reconnectTimer = setTimeout(() => socket.connect(), 5000);
        return;
      }
      this.setConnection('refused');
    });
    // The e-mail the server holds (told to the bot, left here or given by the page): kept like a
    // left one, so the away form says where we will write instead of asking again.
    socket.on('visitor:profile', ({ email }) => {
      this.email = email;
      this.write(this.keys.email, email);
      this.o.onChange();
    });
    socket.on('availability', ({ agentsOnline }) => {
      this.agentsOnline = agentsOnline;
      this.o.onChange();
    });
    socket.on('message:new', (m) => this.receive(m, true));
    socket.on('conversation:updated', (c) => this.upsert(c));
    // The server may have missed messages of other processes (its bus was away): ask for them.
    socket.on('resync', () => void this.catchUp().catch(() => undefined));
    socket.on('typing', (n) => {
      if (n.conversationId !== this.currentId || n.author.type === 'visitor') return;
      clearTimeout(this.agentTypingTimer);
      this.agentTyping = n.typing ? n.author : null;
      // A lost "stopped typing" notice must not leave the indicator on.
      if (n.typing) this.agentTypingTimer = setTimeout(() => ((this.agentTyping = null), this.o.onChange()), 8000);
      this.o.onChange();
    });
    socket.on('messages:seen', (n) => {
      const c = this.conversations.find((x) => x.id === n.conversationId);
      if (!c) return;
      if (n.by === 'agent') c.agentSeenSeq = Math.max(c.agentSeenSeq, n.seq);
      else c.visitorSeenSeq = Math.max(c.visitorSeenSeq, n.seq);
      this.o.onChange();
    });
  }

  /**
   * Falls back to long-polling (upgraded to WebSocket when it works): the manager's next
   * reconnection attempt reads the new transports.
   */
  private async usePolling(): Promise<void> {
    try {
      const { XHR, WebSocket } = await import('./polling-fallback');
      const manager = this.socket?.io;
      if (manager) (manager.opts as { transports: unknown[] }).transports = [XHR, WebSocket];
    } catch {
      // The chunk could not load either: keep trying WebSocket.
    }
  }

  /** Tells the server who the shopper is (`visitor:identify`); the next handshakes carry it too. */
  identify(identity: Identity): void {
    const other = this.otherUser(identity);
    this.o.identity = identity;
    this.skipIdentity = false;
    if (other) {
      // The next person on a shared computer: start afresh, as a new visitor.
      this.forget();
      this.socket?.disconnect().connect();
    }
    this.keepUser(identity);
    const clean = cleanIdentity(identity);
    if (clean?.email && !this.email) this.email = clean.email;
    if (clean && this.socket?.connected) {
      const socket = this.socket;
      this.request('visitor:identify', clean).catch((error: { code?: string }) => {
        // The connection's visitor is another signed-in shopper's (a token stored before this
        // widget kept whose it is): start afresh as a new visitor, with this identity.
        if (error.code === 'CONFLICT' && socket === this.socket) {
          this.forget();
          socket.disconnect().connect();
        }
      });
    }
    this.o.onChange();
  }

  setLocale(locale: string): void {
    this.o.locale = locale;
  }

  destroy(): void {
    clearTimeout(this.retryTimer);
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.typingTimer);
    clearTimeout(this.agentTypingTimer);
    if (typeof removeEventListener === 'function') removeEventListener('storage', this.onStorage);
    this.socket?.disconnect();
    this.socket = undefined;
  }

  // ---------------------------------------------------------------- actions

  /**
   * Queues a message in the outbox (it survives a reload) and sends it. Returns false when the
   * text is empty after trimming.
   */
  send(text: string, files?: Attachment[]): boolean {
    const body = text.trim();
    if (!body && !files) return false;
    const current = this.current;
    this.outbox.add({
      clientId: randomId(),
      conversationId: current && current.status !== 'closed' ? current.id : null,
      body,
      files,
      createdAt: new Date().toISOString(),
    });
    if (current?.status === 'closed') this.select(null);
    this.setTyping(false);
    this.connect();
    this.flush();
    this.o.onChange();
    return true;
  }

  /** Uploads files the shopper chose, each sent as a message once it is up (panel/upload.ts, its own chunk). */
  attach(files: File[], maxMb: number, kinds: string[]): void {
    void import('./upload').then((m) => m.upload(this, files, maxMb, kinds));
  }

  /** Where uploads go, with the visitor token (null before the first connection gave one). */
  uploadTarget(): [url: string, token: string | null] {
    return [`${this.o.base}api/v1/widget/files?site=${encodeURIComponent(this.o.siteKey)}`, this.read(this.keys.token)];
  }

  changed(): void {
    this.o.onChange();
  }

  /** Sends a failed message again (same clientId). */
  retry(clientId: string): void {
    this.outbox.update(clientId, { failed: undefined });
    this.attempts.delete(clientId);
    this.flush();
    this.o.onChange();
  }

  /** Drops an unsent message. */
  discard(clientId: string): void {
    this.outbox.remove(clientId);
    this.o.onChange();
  }

  /** Shows another conversation (null: a new one, started on the first message). */
  select(id: string | null): void {
    this.currentId = id;
    this.agentTyping = null;
    if (id) {
      this.write(this.keys.conversation, id);
      void this.syncAll([id]).catch(() => undefined);
    }
    this.o.onChange();
  }

  /** Reloads the list of the visitor's conversations. */
  async refreshList(): Promise<void> {
    const { conversations } = await this.request<{ conversations: VisitorConversation[] }>('conversation:list', {});
    this.conversations = conversations;
    this.o.onChange();
  }

  /** Tells the server the shopper has seen everything held in the current conversation. */
  markSeen(): void {
    const c = this.current;
    const msgs = this.currentMessages;
    const last = msgs[msgs.length - 1];
    if (!c || !last || last.seq <= c.visitorSeenSeq || !this.socket?.connected) return;
    c.visitorSeenSeq = last.seq;
    this.socket.emit('messages:seen', { conversationId: c.id, seq: last.seq });
    this.o.onChange();
  }

  /** Shopper typing: sends `typing: true` at most every 3 s and `false` after 3 s of silence. */
  setTyping(typing: boolean): void {
    const c = this.current;
    clearTimeout(this.typingTimer);
    if (!c || !this.socket?.connected) return;
    if (typing) this.typingTimer = setTimeout(() => this.setTyping(false), 3000);
    if (typing === this.typingSent) return;
    this.typingSent = typing;
    this.socket.emit('typing', { conversationId: c.id, typing });
  }

  /**
   * Rates a resolved conversation (`conversation:rate`), and remembers in this browser that it was
   * rated, so the form is not shown again even before the server's answer.
   */
  async rate(conversationId: string, rating: number, comment: string): Promise<void> {
    const payload: RatePayload = { conversationId, rating, ...(comment.trim() ? { comment: comment.trim().slice(0, 1000) } : {}) };
    this.rated = [...this.rated, conversationId].slice(-50);
    this.write(this.keys.rated, JSON.stringify(this.rated));
    this.o.onChange();
    try {
      const { conversation } = await this.request<{ conversation: VisitorConversation }>('conversation:rate', payload);
      this.upsert(conversation);
    } catch {
      // Offline or refused: the shopper has answered; nothing to retry.
    }
  }

  /**
   * Leaves an email for a reply while nobody is online: stored on the visitor with
   * `visitor:identify { email }` (an unverified claim; it never overrides a verified identity),
   * now if connected, and in every later handshake, so it is not lost offline.
   */
  leaveEmail(email: string): void {
    this.email = email;
    this.write(this.keys.email, email);
    if (this.socket?.connected) this.socket.emit('visitor:identify', { email });
    this.connect();
    this.o.onChange();
  }

  // ---------------------------------------------------------------- internals

  private async catchUp(): Promise<void> {
    await this.refreshList();
    if (!this.current) {
      const open = this.conversations.find((c) => c.status !== 'closed');
      if (open && !this.pending.some((p) => p.conversationId === null)) this.select(open.id);
    }
    const ids = new Set<string>(this.messages.keys());
    if (this.current) ids.add(this.current.id);
    await this.syncAll([...ids]);
    this.flush();
  }

  /** Replays what is missing after the unbroken run held, page by page. */
  private async syncAll(ids: string[]): Promise<void> {
    let cursors = ids.map((conversationId) => ({ conversationId, afterSeq: this.lastSeq(conversationId) }));
    while (cursors.length) {
      const batch = cursors.slice(0, SYNC_MAX_CONVERSATIONS);
      cursors = cursors.slice(SYNC_MAX_CONVERSATIONS);
      const { replays } = await this.request<{ replays: ConversationReplay[] }>('sync', { cursors: batch });
      for (const replay of replays) {
        if (!this.messages.has(replay.conversationId)) this.messages.set(replay.conversationId, []);
        replay.messages.forEach((m) => this.receive(m, false));
        if (replay.hasMore) cursors.push({ conversationId: replay.conversationId, afterSeq: this.lastSeq(replay.conversationId) });
      }
    }
    this.o.onChange();
  }

  /**
   * The end of the unbroken run 1…n held (the shopper's view has no holes, so anything after a
   * missing seq is still to be fetched): the cursor of every sync.
   */
  private lastSeq(conversationId: string): number {
    let n = 0;
    for (const m of this.messages.get(conversationId) || []) if (m.seq === n + 1) n++;
    return n;
  }

  /**
   * Fetches at once what a live event shows is missing (a seq past the unbroken run): one sync at
   * a time, and another after it if more went missing meanwhile.
   */
  private fillGap(conversationId: string, upTo: number): void {
    if (upTo <= this.lastSeq(conversationId) || !this.socket?.connected) return;
    if (this.filling) return void (this.fillAgain = true);
    this.filling = this.syncAll([conversationId])
      .catch(() => undefined)
      .then(() => {
        this.filling = null;
        const list = this.messages.get(conversationId) || [];
        if (this.fillAgain) (this.fillAgain = false), this.fillGap(conversationId, list.length ? list[list.length - 1]!.seq : 0);
      });
  }

  private receive(m: Message, live: boolean): void {
    if (m.internal || this.seenIds.has(m.id)) return;
    this.seenIds.add(m.id);
    const list = this.messages.get(m.conversationId) || [];
    let i = list.length;
    while (i > 0 && list[i - 1]!.seq > m.seq) i--;
    list.splice(i, 0, m);
    this.messages.set(m.conversationId, list);
    // Another tab sent one of our queued messages: it is stored, stop resending it.
    if (m.author.type === 'visitor' && this.outbox.list().some((x) => x.clientId === m.clientId)) this.outbox.remove(m.clientId);
    const c = this.conversations.find((x) => x.id === m.conversationId);
    if (c) {
      c.lastSeq = Math.max(c.lastSeq, m.seq);
      c.lastMessageAt = m.createdAt;
    }
    if (!this.currentId && live) this.select(m.conversationId);
    if (m.author.type !== 'visitor' && m.conversationId === this.currentId) this.agentTyping = null;
    if (live) {
      if (m.author.type !== 'visitor') this.o.onIncoming(m);
      this.fillGap(m.conversationId, m.seq - 1);
      this.o.onChange();
    }
  }

  private upsert(c: VisitorConversation): void {
    const i = this.conversations.findIndex((x) => x.id === c.id);
    if (i >= 0) this.conversations[i] = c;
    else this.conversations.unshift(c);
    if (this.messages.has(c.id)) this.fillGap(c.id, c.lastSeq);
    if (!this.currentId && c.status !== 'closed') this.select(c.id);
    this.o.onChange();
  }

  private async startConversation(): Promise<string> {
    const page = pageOf(location.href, document.title);
    const { conversation } = await this.request<{ conversation: VisitorConversation }>('conversation:start', {
      locale: this.o.locale,
      ...(page ? { page } : {}),
    });
    this.upsert(conversation);
    this.messages.set(conversation.id, this.messages.get(conversation.id) || []);
    this.select(conversation.id);
    return conversation.id;
  }

  /** Runs one flush at a time; a call during a flush runs another after it. */
  flush(): void {
    if (this.flushing) {
      this.flushAgain = true;
      return;
    }
    if (!this.socket?.connected) return;
    clearTimeout(this.retryTimer);
    this.flushing = flushOutbox(this.outbox, {
      conversation: () => {
        const c = this.current;
        return c && c.status !== 'closed' ? Promise.resolve(c.id) : this.startConversation();
      },
      restart: () => this.startConversation(),
      send: async (item): Promise<SendOutcome> => {
        this.attempts.set(item.clientId, 'sending');
        this.o.onChange();
        if (!this.socket?.connected) return { ok: false };
        try {
          return await this.request('message:send', { conversationId: item.conversationId, clientId: item.clientId, body: item.body, attachments: item.files?.map((f) => f.id) });
        } catch (error) {
          return { ok: false, code: (error as { code?: string }).code };
        }
      },
      acked: (item, ack) => {
        this.attempts.delete(item.clientId);
        // What the server stored (card numbers redacted), not what was typed.
        this.receive(ack.message, false);
        this.retryDelay = 1000;
        this.o.onChange();
      },
      failed: (item) => {
        this.attempts.set(item.clientId, 'failed');
        this.o.onChange();
      },
    }).then(
      (done) => {
        this.flushing = null;
        if (this.flushAgain) {
          this.flushAgain = false;
          this.flush();
        } else if (!done) this.scheduleFlush();
      },
      () => {
        this.flushing = null;
        this.scheduleFlush();
      },
    );
  }

  private scheduleFlush(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.flush(), this.retryDelay);
    this.retryDelay = Math.min(this.retryDelay * 2, 30_000);
  }

  /** Emits an event and resolves with the ack's result; throws the server's error (with `code`). */
  private async request<T extends object>(event: keyof VisitorClientToServerEvents, payload: object): Promise<T> {
    const ack = (await this.rawRequest(event, payload, ACK_TIMEOUT_MS)) as Ack<T>;
    if (!ack.ok) throw Object.assign(new Error(ack.error.message), { code: ack.error.code });
    return ack;
  }

  private rawRequest(event: string, payload: object, timeout: number): Promise<unknown> {
    const socket = this.socket;
    if (!socket) return Promise.reject(new Error('not connected'));
    return (socket as unknown as Socket)
      .timeout(timeout)
      .emitWithAck(event, payload)
      .catch((error: unknown) => {
        // No answer on a connection that still looks open: the process behind it may be frozen
        // or overloaded. A new connection (which the load balancer can send elsewhere) resends
        // the outbox by clientId and catches up; the socket's own heartbeat would take ~45 s.
        // At most once a minute: a process that is merely slow must not get every client back at once, over and over.
        if (socket === this.socket && socket.connected && Date.now() - this.lastStall > 60_000) {
          this.lastStall = Date.now();
          socket.disconnect().connect();
        }
        throw error;
      });
  }

  private storageChanged(e: StorageEvent): void {
    if (e.key === this.keys.token && !e.newValue) {
      // Another tab shut the chat down: the shopper logged out there. This page's identity is from
      // before, so it is dropped too (the page gives one again with `identify` after a new login);
      // whoever uses the chat here next is a new, anonymous visitor.
      this.o.identity = null;
      this.forget();
      this.socket?.disconnect().connect();
    } else if (e.key === this.keys.token && e.newValue && this.socket) {
      // Another tab got the visitor token first: be the same visitor. If that tab's signed-in
      // shopper is not this page's, this page is the older one (its shopper logged out since):
      // its identity is dropped rather than fought over.
      if (this.otherUser(this.o.identity)) {
        this.o.identity = null;
        this.forget(false);
      }
      this.socket.disconnect().connect();
    } else if (e.key === this.keys.conversation && e.newValue && !this.currentId) {
      this.select(e.newValue);
    } else if (e.key === this.keys.outbox) {
      this.o.onChange();
    }
  }

  /** True when the page names a signed-in shopper other than the one this browser's chat belongs to. */
  private otherUser(identity: Identity | null | undefined): boolean {
    const kept = this.read(this.keys.user);
    return !!identity?.userId && !!kept && kept !== identity.userId;
  }

  /** Remembers which signed-in shopper the stored chat belongs to (once there is one: a token). */
  private keepUser(identity: Identity | null | undefined): void {
    if (identity?.userId && this.read(this.keys.token)) this.write(this.keys.user, identity.userId);
  }

  /**
   * Forgets the shopper this browser held, here and in storage: token, conversations, e-mail,
   * ratings and the unsent messages of their conversations (a message typed on this page for a
   * conversation not started yet stays). The next connection is a new visitor. With `stored` false,
   * only this page's copy goes (storage already holds another shopper's chat, which stays); `keep`
   * names an item left in storage (one about to be replaced).
   */
  private forget(stored = true, keep?: StoredItem): void {
    if (stored) {
      for (const name of STORED) if (name !== 'outbox' && name !== keep) this.remove(this.keys[name]);
      for (const item of this.outbox.list()) if (item.conversationId) this.outbox.remove(item.clientId);
    }
    this.conversations = [];
    this.messages.clear();
    this.currentId = null;
    this.rated = [];
    this.email = cleanIdentity(this.o.identity)?.email || null;
    this.o.onChange();
  }

  private setConnection(c: Connection): void {
    this.connection = c;
    this.o.onChange();
  }

  // Storage that is missing or refuses writes (private modes, quota): the page keeps its own copy,
  // so the visitor token and conversation survive a reconnect at least while the page is open.
  private readonly kept = new Map<string, string>();
  private lastStall = 0;
  private storageRefused = false;

  private read(key: string): string | null {
    if (!this.o.storage) return this.kept.get(key) ?? null;
    try {
      // Storage that refused a write (quota) answers null for what it did not keep.
      return this.o.storage.getItem(key) ?? (this.storageRefused ? (this.kept.get(key) ?? null) : null);
    } catch {
      // blocked: the page's copy
      return this.kept.get(key) ?? null;
    }
  }

  private write(key: string, value: string): void {
    this.kept.set(key, value);
    try {
      this.o.storage?.setItem(key, value);
    } catch {
      this.storageRefused = true;
      // Storage full or blocked: this page still works.
    }
  }

  private remove(key: string): void {
    this.kept.delete(key);
    try {
      this.o.storage?.removeItem(key);
    } catch {
      // Nothing to do.
    }
  }
}
