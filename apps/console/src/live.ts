import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import { io, type Socket } from 'socket.io-client';
import type {
  AgentClientToServerEvents,
  Attachment,
  AgentConversation,
  AgentProfile,
  AgentServerToClientEvents,
  Message,
  SeenNotice,
  TypingNotice,
  ViewersNotice,
} from '@sportello/protocol';
import { get } from './api';

export type AgentSocket = Socket<AgentServerToClientEvents, AgentClientToServerEvents>;

export interface Colleague {
  id: string;
  name: string;
  email: string;
  role: 'admin' | 'agent';
  presence: 'online' | 'away';
  active: boolean;
  siteIds: string[];
}

interface Alerts {
  sound: boolean;
  desktop: boolean;
}

type Listener<T> = (value: T) => void;

/** A reply or note still sending, or refused, kept per conversation while the agent switches. */
export interface UnsentReply {
  clientId: string;
  body: string;
  internal: boolean;
  /** Files uploaded for it. */
  files?: Attachment[];
  error: string | null;
  /** The error's code: `TIMEOUT` items are sent again by themselves once the socket reconnects. */
  code?: string;
}

/**
 * The console's live state: one `/agent` socket, every conversation the console knows of (kept
 * current by `conversation:updated` and `message:new`), colleagues and their presence, and the
 * alerts for newly queued chats (sound, desktop notification, count in the tab title).
 */
export class Live {
  readonly socket: AgentSocket;
  readonly conversations = new Map<string, AgentConversation>();
  colleagues: Colleague[] = [];
  presence: 'online' | 'away';
  connected = false;
  alerts: Alerts;
  private version = 0;
  /** Bumped when a conversation appears or changes list (status, assignee, snooze): counts go stale. */
  listsVersion = 0;
  private readonly changeListeners = new Set<() => void>();
  readonly messageListeners = new Set<Listener<Message>>();
  readonly typingListeners = new Set<Listener<TypingNotice>>();
  readonly viewersListeners = new Set<Listener<ViewersNotice>>();
  readonly seenListeners = new Set<Listener<SeenNotice>>();
  readonly reconnectListeners = new Set<() => void>();
  /** What the agent was writing, and replies that failed to send, per conversation (kept while switching). */
  readonly drafts = new Map<string, { text: string; mode: 'reply' | 'note' }>();
  readonly unsent = new Map<string, UnsentReply[]>();
  private fetching = new Set<string>();
  private loaded = false;
  private audio: AudioContext | null = null;

  constructor(readonly me: AgentProfile) {
    this.presence = me.presence;
    this.alerts = readAlerts();
    this.socket = io('/agent', { transports: ['websocket', 'polling'], withCredentials: true });
    this.socket.on('connect', () => {
      this.connected = true;
      // Opening the console means being at work, unless the agent chose "away" here before.
      if (localStorage.getItem('sportello.presence') !== 'away') this.setPresence('online');
      // After an outage anything may have moved on: start over from the server's lists.
      if (this.loaded) this.conversations.clear();
      void this.refreshQueue();
      if (this.loaded) for (const listener of this.reconnectListeners) listener();
      this.loaded = true;
      this.bump();
    });
    this.socket.on('disconnect', () => {
      this.connected = false;
      this.bump();
    });
    // A refused handshake ends Socket.IO's own retries: try again (with a growing pause), unless
    // the session is gone, in which case the agent must sign in again.
    let refusals = 0;
    this.socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
      if (error.data?.code === 'UNAUTHENTICATED') {
        this.onSignedOut();
        return;
      }
      if (this.socket.active) return; // a transport error: Socket.IO retries by itself
      refusals++;
      setTimeout(() => this.closed || this.socket.connect(), Math.min(30_000, 1000 * 2 ** Math.min(refusals, 5)));
    });
    this.socket.on('connect', () => {
      refusals = 0;
    });
    this.socket.on('conversation:updated', (conversation) => this.upsert(conversation, true));
    this.socket.on('message:new', (message) => this.onMessage(message));
    // The server's link to the other processes was down: lists and open conversations fetch what
    // they may have missed, as after a reconnect (without dropping what is held).
    this.socket.on('resync', () => {
      void this.refreshQueue();
      for (const listener of this.reconnectListeners) listener();
      this.listsVersion++;
      this.bump();
    });
    this.socket.on('typing', (notice) => this.typingListeners.forEach((l) => l(notice)));
    this.socket.on('conversation:viewers', (notice) => this.viewersListeners.forEach((l) => l(notice)));
    this.socket.on('messages:seen', (notice) => this.seenListeners.forEach((l) => l(notice)));
    this.socket.on('agent:presence', ({ agentId, presence }) => {
      this.colleagues = this.colleagues.map((c) => (c.id === agentId ? { ...c, presence } : c));
      if (agentId === me.id) this.presence = presence;
      this.bump();
    });
    void this.loadColleagues();
  }

  private closed = false;
  /** Called when the server says the session is over (set by the app). */
  onSignedOut: () => void = () => {};

  /**
   * A request on an open-looking socket got no answer: the process behind it may be frozen or
   * overloaded. Reconnecting (the load balancer can send the new connection elsewhere) brings
   * the lists and open conversations back up to date and resends what was not answered.
   */
  stalled(): void {
    // At most once a minute: a process that is merely slow must not get every console back at once, over and over.
    if (this.closed || !this.socket.connected || Date.now() - this.lastStall < 60_000) return;
    this.lastStall = Date.now();
    this.socket.disconnect().connect();
  }
  private lastStall = 0;

  close(): void {
    this.closed = true;
    this.socket.disconnect();
    document.title = 'Sportello';
  }

  /** Subscribes to any change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  get stamp(): number {
    return this.version;
  }

  /** Tells the components that something held here changed. */
  touch(): void {
    this.bump();
  }

  private bump(): void {
    this.version++;
    const queued = this.queuedCount();
    document.title = queued ? `(${queued}) Sportello` : 'Sportello';
    for (const listener of this.changeListeners) listener();
  }

  queuedCount(): number {
    let n = 0;
    for (const c of this.conversations.values()) if (c.status === 'queued') n++;
    return n;
  }

  /** Adds or replaces conversations; a live one that newly waits in the queue raises the alerts. */
  upsert(conversation: AgentConversation, live = false): void {
    const before = this.conversations.get(conversation.id);
    // An older copy (a slow REST page) must not overwrite a newer one from the socket.
    if (before && before.updatedAt > conversation.updatedAt && before.lastSeq >= conversation.lastSeq) return;
    this.conversations.set(conversation.id, latest(before, conversation));
    if (!before || before.status !== conversation.status || before.assigneeId !== conversation.assigneeId || before.snoozedUntil !== conversation.snoozedUntil) this.listsVersion++;
    if (live && conversation.status === 'queued' && before?.status !== 'queued') this.alert(conversation);
    this.bump();
  }

  upsertMany(list: AgentConversation[]): void {
    for (const c of list) {
      const before = this.conversations.get(c.id);
      if (!before || before.updatedAt <= c.updatedAt || before.lastSeq < c.lastSeq) this.conversations.set(c.id, latest(before, c));
    }
    this.bump();
  }

  private onMessage(message: Message): void {
    for (const listener of this.messageListeners) listener(message);
    const known = this.conversations.get(message.conversationId);
    if (!known) {
      void this.fetchOne(message.conversationId);
      return;
    }
    if (message.seq <= known.lastSeq && known.updatedAt >= message.createdAt) return;
    this.conversations.set(known.id, {
      ...known,
      lastSeq: Math.max(known.lastSeq, message.seq),
      updatedAt: message.createdAt > known.updatedAt ? message.createdAt : known.updatedAt,
      ...(message.internal ? {} : { preview: message.body.slice(0, 140), lastMessageAt: message.createdAt }),
    });
    this.bump();
  }

  async fetchOne(id: string): Promise<void> {
    if (this.fetching.has(id)) return;
    this.fetching.add(id);
    try {
      const { conversation } = await get<{ conversation: AgentConversation }>(`/conversations/${id}/summary`);
      this.upsert(conversation, true);
    } catch {
      // Gone or not ours: nothing to show.
    } finally {
      this.fetching.delete(id);
    }
  }

  /** The queue is always loaded: the count in the title and the alerts depend on it. */
  async refreshQueue(): Promise<void> {
    try {
      const { conversations } = await get<{ conversations: AgentConversation[] }>('/conversations', { status: 'queued', order: 'waiting', limit: 100 });
      const ids = new Set(conversations.map((c) => c.id));
      // Whatever left the queue while the socket was away.
      for (const c of this.conversations.values()) if (c.status === 'queued' && !ids.has(c.id)) void this.fetchOne(c.id);
      this.upsertMany(conversations);
    } catch {
      // Retried on the next reconnect.
    }
  }

  async loadColleagues(): Promise<void> {
    try {
      const { agents } = await get<{ agents: Colleague[] }>('/agents');
      this.colleagues = agents;
      const mine = agents.find((a) => a.id === this.me.id);
      if (mine) this.presence = mine.presence;
      this.bump();
    } catch {
      // The assignee picker then shows ids only.
    }
  }

  colleagueName(id: string | null): string {
    if (!id) return 'Nobody';
    if (id === this.me.id) return 'You';
    return this.colleagues.find((c) => c.id === id)?.name ?? 'Another agent';
  }

  setPresence(presence: 'online' | 'away'): void {
    this.presence = presence;
    localStorage.setItem('sportello.presence', presence);
    this.socket.emit('presence:set', { presence });
    this.bump();
  }

  setAlerts(alerts: Partial<Alerts>): void {
    this.alerts = { ...this.alerts, ...alerts };
    localStorage.setItem('sportello.alerts', JSON.stringify(this.alerts));
    if (alerts.desktop && typeof Notification !== 'undefined' && Notification.permission === 'default') void Notification.requestPermission();
    this.bump();
  }

  private alert(conversation: AgentConversation): void {
    if (this.alerts.sound) this.beep();
    if (this.alerts.desktop && typeof Notification !== 'undefined' && Notification.permission === 'granted') {
      try {
        const who = conversation.visitor.name || conversation.visitor.email || 'A shopper';
        const notice = new Notification(`${who} is waiting for a human`, { body: conversation.preview ?? '', tag: conversation.id });
        notice.onclick = () => {
          focus();
          location.hash = `#/inbox/queued/${conversation.id}`;
        };
      } catch {
        // Some browsers only allow notifications from a service worker.
      }
    }
  }

  /** Two short tones, made with Web Audio (no file to load, nothing for the CSP to allow). */
  private beep(): void {
    try {
      this.audio ??= new AudioContext();
      const ctx = this.audio;
      [0, 0.18].forEach((offset, i) => {
        const osc = ctx.createOscillator();
        const gain = ctx.createGain();
        osc.frequency.value = i ? 880 : 660;
        gain.gain.setValueAtTime(0.0001, ctx.currentTime + offset);
        gain.gain.exponentialRampToValueAtTime(0.2, ctx.currentTime + offset + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + offset + 0.15);
        osc.connect(gain).connect(ctx.destination);
        osc.start(ctx.currentTime + offset);
        osc.stop(ctx.currentTime + offset + 0.16);
      });
    } catch {
      // No audio device or not allowed yet: the title and the list still show it.
    }
  }
}

function readAlerts(): Alerts {
  try {
    const stored = JSON.parse(localStorage.getItem('sportello.alerts') ?? '{}') as Partial<Alerts>;
    return { sound: stored.sound ?? true, desktop: stored.desktop ?? true };
  } catch {
    return { sound: true, desktop: true };
  }
}

export const LiveContext = createContext<Live | null>(null);

/** The live state; the component re-renders on every change. */
export function useLive(): Live {
  const live = useContext(LiveContext);
  if (!live) throw new Error('useLive outside the signed-in app');
  const [, setStamp] = useState(live.stamp);
  useEffect(() => live.subscribe(() => setStamp(live.stamp)), [live]);
  return live;
}

/** Subscribes to one kind of socket notice while the component is mounted. */
export function useNotice<T>(set: Set<Listener<T>>, listener: Listener<T>, deps: unknown[]): void {
  useEffect(() => {
    set.add(listener);
    return () => {
      set.delete(listener);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
}

/**
 * The newer copy, with the latest activity time of both: the server moves `updatedAt` at most
 * every 30 seconds on messages, while this console moves it with each message it receives.
 */
function latest(before: AgentConversation | undefined, next: AgentConversation): AgentConversation {
  return before && before.updatedAt > next.updatedAt ? { ...next, updatedAt: before.updatedAt } : next;
}
