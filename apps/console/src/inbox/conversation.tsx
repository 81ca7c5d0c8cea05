import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { AgentConversation, Attachment, ConversationEvent, Message, MessageAck } from '@sportello/protocol';
import { get, uploadFile } from '../api';
import { typingInField, withModifier } from '../keys';
import { useLive, useNotice, type Live, type UnsentReply } from '../live';
import { useSession } from '../session';
import { MessageBody, MessageFiles, MessageSources } from '../messages/message-body';
import { MessageCard } from '../messages/message-card';
import { ShopperText } from '../messages/shopper-text';
import { PRIORITIES, clock, isSnoozed, reasonText, since } from './views';

type Outgoing = UnsentReply;

/** A file chosen for the next message: uploading (`done` 0 to 1), uploaded (`file`), or refused (`error`). */
interface Staged {
  key: string;
  name: string;
  done: number;
  file?: Attachment;
  error?: string;
}

interface CannedReply {
  id: string;
  shortcut: string;
  body: string;
}

type Acked<T> = ({ ok: true } & T) | { ok: false; error: { code: string; message: string } };

/** Emits with an ack, giving up after 10 s with the same error shape as the server's. */
async function call<T>(live: Live, event: string, payload: unknown): Promise<Acked<T>> {
  try {
    const socket = live.socket.timeout(10_000) as unknown as { emitWithAck(event: string, payload: unknown): Promise<Acked<T>> };
    return await socket.emitWithAck(event, payload);
  } catch {
    // No answer on a socket that looks open: the process behind it may be frozen or overloaded.
    live.stalled();
    return { ok: false, error: { code: 'TIMEOUT', message: 'The server did not answer. Check the connection and try again.' } };
  }
}

const TYPING_FRESH_MS = 8_000;

/** One conversation: history with the bot's turns and cards, actions, and the composer. */
export function ConversationView({ conversationId, onClose, onShowShopper }: { conversationId: string; onClose: () => void; onShowShopper: () => void }) {
  const live = useLive();
  const session = useSession();
  const [messages, setMessages] = useState<Message[]>([]);
  const [events, setEvents] = useState<ConversationEvent[]>([]);
  // Replies still sending or failed live in `live.unsent`, so they survive switching to another
  // conversation and back (and an ack that arrives meanwhile still clears its entry).
  const outgoing: Outgoing[] = live.unsent.get(conversationId) ?? [];
  const setOutgoing = (update: (list: Outgoing[]) => Outgoing[]) => {
    const next = update(live.unsent.get(conversationId) ?? []);
    if (next.length) live.unsent.set(conversationId, next);
    else live.unsent.delete(conversationId);
    live.touch();
  };
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [viewers, setViewers] = useState<{ id: string; name: string }[]>([]);
  const [typing, setTyping] = useState<Record<string, { name: string; internal: boolean; at: number; visitor: boolean }>>({});
  const [mode, setMode] = useState<'reply' | 'note'>(() => live.drafts.get(conversationId)?.mode ?? 'reply');
  const [text, setText] = useState(() => live.drafts.get(conversationId)?.text ?? '');
  // Files uploaded (or uploading) for the next message.
  const [staged, setStaged] = useState<Staged[]>([]);
  // The draft stays with its conversation.
  useEffect(() => {
    if (text) live.drafts.set(conversationId, { text, mode });
    else live.drafts.delete(conversationId);
  }, [text, mode]);
  const [collision, setCollision] = useState<string | null>(null);
  const [canned, setCanned] = useState<CannedReply[]>([]);
  const [cannedIndex, setCannedIndex] = useState(0);
  const [caret, setCaret] = useState(0);
  const composeStarted = useRef<number | null>(null);
  const deliverRef = useRef<(item: Outgoing) => Promise<void>>(async () => undefined);
  const lastOtherReply = useRef<{ name: string; at: number } | null>(null);
  const typingSent = useRef(0);
  const typingStop = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const lastSeq = useRef(0);
  const fill = useRef<() => Promise<void>>(async () => undefined);
  const box = useRef<HTMLTextAreaElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const conversation: AgentConversation | undefined = live.conversations.get(conversationId);

  const addMessages = (list: Message[]) => {
    if (!list.length) return;
    setMessages((current) => {
      const bySeq = new Map(current.map((m) => [m.seq, m]));
      for (const m of list) bySeq.set(m.seq, m);
      const merged = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
      // Where to resume after a reconnect: the end of the unbroken run from seq 1 (a live message
      // that arrived beyond a gap must not make the rejoin skip the gap).
      let unbroken = 0;
      for (const m of merged) {
        if (m.seq !== unbroken + 1) break;
        unbroken = m.seq;
      }
      lastSeq.current = unbroken;
      return merged;
    });
  };

  // The status lines of the timeline (the messages come over the socket).
  const loadEvents = () =>
    get<{ events: ConversationEvent[] }>(`/conversations/${conversationId}/events`).then(
      ({ events }) => setEvents(events),
      () => undefined,
    );

  // Join the conversation's room and read the history (in pages), again after a reconnect.
  useEffect(() => {
    let gone = false;
    const join = async () => {
      let after = lastSeq.current;
      for (let page = 0; page < 100 && !gone; page++) {
        const res = await call<{ conversation: AgentConversation; messages: Message[]; hasMore: boolean }>(live, 'conversation:join', { conversationId, afterSeq: after });
        if (gone) return;
        if (!res.ok) {
          setError(res.error.message);
          return;
        }
        setError(null);
        live.upsert(res.conversation);
        addMessages(res.messages);
        const last = res.messages[res.messages.length - 1];
        if (!res.hasMore || !last) break;
        after = last.seq;
      }
      setLoaded(true);
      // Replies the server did not answer (a stalled process) go again on the new connection,
      // with the same clientId, so one that was stored after all is not stored twice.
      for (const item of live.unsent.get(conversationId) ?? []) if (item.code === 'TIMEOUT' && !gone) void deliverRef.current(item);
    };
    void join();
    void loadEvents();
    live.reconnectListeners.add(join);
    // A gap seen live (a seq past the unbroken run) is fetched at once with `sync`, one at a time.
    let filling = false;
    let again = false;
    fill.current = async () => {
      if (filling) return void (again = true);
      filling = true;
      try {
        for (let page = 0; page < 100 && !gone; page++) {
          const res = await call<{ replays: { messages: Message[]; hasMore: boolean }[] }>(live, 'sync', { cursors: [{ conversationId, afterSeq: lastSeq.current }] });
          const replay = res.ok ? res.replays[0] : undefined;
          if (gone || !replay) break;
          addMessages(replay.messages);
          if (!replay.hasMore) break;
        }
      } finally {
        filling = false;
        if (again && !gone) {
          again = false;
          void fill.current();
        }
      }
    };
    return () => {
      gone = true;
      fill.current = async () => undefined;
      live.reconnectListeners.delete(join);
      live.socket.emit('conversation:leave', { conversationId });
    };
  }, [conversationId]);

  useEffect(() => {
    get<{ cannedReplies: CannedReply[] }>('/canned-replies', conversation ? { siteId: conversation.siteId } : {}).then(
      ({ cannedReplies }) => setCanned(cannedReplies),
      () => undefined,
    );
  }, [conversation?.siteId]);

  useNotice(live.messageListeners, (message) => {
    if (message.conversationId !== conversationId) return;
    // A gap it shows is fetched by the effect on the conversation's lastSeq, which it raises.
    addMessages([message]);
    if (message.author.type === 'agent' && message.author.id !== live.me.id && !message.internal) {
      lastOtherReply.current = { name: message.author.name ?? 'A colleague', at: Date.now() };
    }
    if (message.author.type === 'visitor') setTyping(({ visitor: _, ...rest }) => rest);
  }, [conversationId]);

  useNotice(live.typingListeners, (notice) => {
    if (notice.conversationId !== conversationId) return;
    const key = notice.author.type === 'visitor' ? 'visitor' : (notice.author.id ?? 'agent');
    if (notice.author.type === 'agent' && notice.author.id === live.me.id) return;
    setTyping((current) => {
      const next = { ...current };
      if (notice.typing) next[key] = { name: notice.author.name ?? (key === 'visitor' ? 'The shopper' : 'A colleague'), internal: !!notice.internal, at: Date.now(), visitor: key === 'visitor' };
      else delete next[key];
      return next;
    });
  }, [conversationId]);

  useNotice(live.viewersListeners, (notice) => {
    if (notice.conversationId === conversationId) setViewers(notice.agents.filter((a) => a.id !== live.me.id));
  }, [conversationId]);

  // Typing notices that stopped coming fade out.
  useEffect(() => {
    const timer = setInterval(() => {
      setTyping((current) => {
        const fresh = Object.entries(current).filter(([, t]) => Date.now() - t.at < TYPING_FRESH_MS);
        return fresh.length === Object.keys(current).length ? current : Object.fromEntries(fresh);
      });
    }, 2000);
    return () => clearInterval(timer);
  }, []);

  // The conversation moved past what is held (its update came, a message did not): fetch the rest.
  useEffect(() => {
    if (loaded && (conversation?.lastSeq ?? 0) > lastSeq.current) void fill.current();
  }, [conversation?.lastSeq, loaded]);

  // Status changes add lines to the timeline.
  const status = conversation?.status;
  useEffect(() => {
    if (loaded) void loadEvents();
  }, [status, conversation?.assigneeId, conversation?.priority, conversation?.snoozedUntil, conversation?.csat?.rating, conversation?.csat?.comment]);

  // Keep the newest message in view, and tell the shopper it was seen.
  useEffect(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
    const last = messages[messages.length - 1];
    if (last && document.visibilityState === 'visible') live.socket.emit('messages:seen', { conversationId, seq: last.seq });
  }, [messages.length, outgoing.length, events.length]);

  const act = async (event: string, payload: Record<string, unknown>, done?: string) => {
    const res = await call<{ conversation: AgentConversation }>(live, event, { conversationId, ...payload });
    if (!res.ok) {
      session.toast(res.error.message, 'error');
      return false;
    }
    live.upsert(res.conversation);
    if (done) session.toast(done);
    return true;
  };

  const mine = conversation?.assigneeId === live.me.id;
  const canTakeOver = !!conversation && conversation.status !== 'closed' && (!mine || conversation.status === 'bot' || conversation.status === 'queued');

  const takeOver = () => act('conversation:takeover', {}, 'You have it: the bot is silent now.');
  const resolve = () => act('conversation:status', { status: 'resolved' }, 'Resolved.');
  const markPending = () => act('conversation:status', { status: 'pending' }, 'Pending: waiting on the shopper.');

  // --- the composer ---

  const cannedMatch = useMemo(() => {
    const m = text.slice(0, caret).match(/(?:^|\s)\/([a-z0-9_-]*)$/i);
    if (!m) return null;
    const prefix = m[1]!.toLowerCase();
    const options = canned.filter((c) => c.shortcut.startsWith(prefix)).slice(0, 8);
    return options.length ? { prefix, options, start: caret - prefix.length - 1 } : null;
  }, [text, caret, canned]);

  const insertCanned = (reply: CannedReply) => {
    if (!cannedMatch) return;
    const next = text.slice(0, cannedMatch.start) + reply.body + text.slice(caret);
    setText(next);
    const at = cannedMatch.start + reply.body.length;
    setCaret(at);
    requestAnimationFrame(() => box.current?.setSelectionRange(at, at));
  };

  const sendTyping = (on: boolean) => {
    const now = Date.now();
    if (on && now - typingSent.current < 2000) return;
    typingSent.current = on ? now : 0;
    live.socket.emit('typing', { conversationId, typing: on, internal: mode === 'note' });
  };

  const onInput = (value: string, at: number) => {
    setText(value);
    setCaret(at);
    setCollision(null);
    if (value && composeStarted.current === null) composeStarted.current = Date.now();
    if (!value) composeStarted.current = null;
    sendTyping(!!value);
    clearTimeout(typingStop.current);
    typingStop.current = setTimeout(() => sendTyping(false), 4000);
  };

  /** Who else is answering the shopper right now, if anyone: a warning before a double reply. */
  const otherReplier = (): string | null => {
    const now = Date.now();
    const typer = Object.entries(typing).find(([, t]) => !t.visitor && !t.internal && now - t.at < TYPING_FRESH_MS);
    if (typer) return `${typer[1].name} is typing a reply too.`;
    const other = lastOtherReply.current;
    if (other && composeStarted.current !== null && other.at >= composeStarted.current) return `${other.name} replied while you were writing.`;
    return null;
  };

  const send = async (force = false) => {
    const body = text.trim();
    const files = staged.filter((f) => f.file).map((f) => f.file!);
    if (!body && !files.length) return;
    if (staged.some((f) => !f.file && !f.error)) return; // still uploading
    const internal = mode === 'note';
    if (!internal && !force) {
      const warning = otherReplier();
      if (warning) {
        setCollision(warning);
        return;
      }
    }
    setCollision(null);
    setText('');
    setCaret(0);
    composeStarted.current = null;
    clearTimeout(typingStop.current);
    sendTyping(false);
    setStaged([]);
    await deliver({ clientId: crypto.randomUUID(), body, internal, error: null, ...(files.length ? { files } : {}) });
  };

  /** Uploads the chosen files into this conversation; each waits beside the composer until sent. */
  const attach = (list: File[]) => {
    for (const file of list) {
      const entry: Staged = { key: crypto.randomUUID(), name: file.name, done: 0 };
      setStaged((all) => [...all, entry]);
      const update = (patch: Partial<Staged>) => setStaged((all) => all.map((f) => (f.key === entry.key ? { ...f, ...patch } : f)));
      uploadFile(`/api/v1/conversations/${conversationId}/files`, file, (done) => update({ done })).then(
        (uploaded) => update({ file: uploaded, done: 1 }),
        (error: Error) => update({ error: error.message }),
      );
    }
  };

  const deliver = async (item: Outgoing) => {
    setOutgoing((list) => [...list.filter((o) => o.clientId !== item.clientId), { ...item, error: null, code: undefined }]);
    const res = await call<MessageAck>(live, 'message:send', { conversationId, clientId: item.clientId, body: item.body, internal: item.internal, attachments: item.files?.map((f) => f.id) });
    if (!res.ok) {
      const error = res.error.code === 'TIMEOUT' ? 'The server did not answer; sending again on reconnecting.' : res.error.message;
      setOutgoing((list) => list.map((o) => (o.clientId === item.clientId ? { ...o, error, code: res.error.code } : o)));
      return;
    }
    // The message as the server stored it (card numbers redacted), not as typed.
    addMessages([res.message]);
    setOutgoing((list) => list.filter((o) => o.clientId !== item.clientId));
  };

  deliverRef.current = deliver;

  const onComposerKey = (event: KeyboardEvent) => {
    // Enter that confirms an input method's composition (Japanese, Chinese, Korean) is not a send.
    if (event.isComposing || event.keyCode === 229) return;
    if (cannedMatch) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        const n = cannedMatch.options.length;
        setCannedIndex((i) => (i + (event.key === 'ArrowDown' ? 1 : n - 1)) % n);
        event.preventDefault();
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        insertCanned(cannedMatch.options[Math.min(cannedIndex, cannedMatch.options.length - 1)]!);
        setCannedIndex(0);
        event.preventDefault();
        return;
      }
    }
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      void send(collision !== null);
    } else if (event.key === 'Escape') {
      if (collision) setCollision(null);
      else (event.currentTarget as HTMLElement).blur();
    }
  };

  // Conversation shortcuts: t take over, r reply, n note, e resolve, p pending (read through a ref,
  // so a key pressed just after a change sees it).
  const keyState = useRef({ canTakeOver, status: conversation?.status });
  keyState.current = { canTakeOver, status: conversation?.status };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (typingInField(event) || withModifier(event)) return;
      const { canTakeOver, status } = keyState.current;
      if (event.key === 't' && canTakeOver) void takeOver();
      else if (event.key === 'r' || event.key === 'n') {
        setMode(event.key === 'n' ? 'note' : 'reply');
        box.current?.focus();
      } else if (event.key === 'e' && status && status !== 'resolved' && status !== 'closed') void resolve();
      else if (event.key === 'p' && status === 'open') void markPending();
      else return;
      event.preventDefault();
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);

  if (error && !conversation) {
    return (
      <section class="conversation">
        <p class="error pad">{error}</p>
      </section>
    );
  }
  if (!conversation) return <section class="conversation" aria-busy="true" />;

  const colleagues = live.colleagues.filter((c) => c.active && (c.role === 'admin' || c.siteIds.includes(conversation.siteId)));
  const visitorTyping = typing.visitor;
  const agentTypers = Object.entries(typing).filter(([k]) => k !== 'visitor');
  const timeline = mergeTimeline(messages, events);
  const who = conversation.visitor.name || conversation.visitor.email || 'Shopper';
  // An answer's article opens in the knowledge base of the conversation's site.
  const openSource = () => session.setSiteId(conversation.siteId);

  return (
    <section class="conversation" aria-label={`Conversation with ${who}`} data-testid="conversation">
      <header class="conversation-head">
        <div class="row">
          <button class="link back" onClick={onClose} aria-label="Back to the list">
            ←
          </button>
          <h2 class="grow"><ShopperText text={who} /></h2>
          <button class="shopper-toggle" onClick={onShowShopper} data-testid="show-shopper" title="The shopper's details, orders and returns">
            Shopper
          </button>
          <span class={`chip ${conversation.status}`} data-testid="conversation-status">
            {isSnoozed(conversation) ? `snoozed until ${clock(conversation.snoozedUntil!)}` : conversation.status}
          </span>
        </div>
        <div class="row actions">
          {canTakeOver && (
            <button class="primary" onClick={takeOver} data-testid="takeover" title="Take over (t)">
              Take over
            </button>
          )}
          <label class="inline small">
            Assignee
            <select
              value={conversation.assigneeId ?? ''}
              onChange={(e) => void act('conversation:assign', { agentId: e.currentTarget.value || null }, 'Assigned.')}
              data-testid="assignee"
              disabled={conversation.status === 'closed'}
            >
              <option value="">Nobody (queue)</option>
              {colleagues.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.id === live.me.id ? `${c.name} (you)` : c.name}
                  {c.presence === 'away' ? ' · away' : ''}
                </option>
              ))}
            </select>
          </label>
          <label class="inline small">
            Priority
            <select value={conversation.priority} onChange={(e) => void act('conversation:priority', { priority: e.currentTarget.value })} data-testid="priority">
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </label>
          <span class="grow" />
          {conversation.status === 'open' && (
            <button onClick={markPending} title="Waiting on the shopper (p)" data-testid="pending">
              Pending
            </button>
          )}
          {(conversation.status === 'open' || conversation.status === 'pending') && <SnoozeMenu onSnooze={(until) => act('conversation:snooze', { until }, `Snoozed until ${clock(until)}.`)} />}
          {conversation.status !== 'resolved' && conversation.status !== 'closed' ? (
            <button onClick={resolve} title="Resolve (e)" data-testid="resolve">
              Resolve
            </button>
          ) : (
            conversation.status === 'resolved' && (
              <button onClick={() => act('conversation:status', { status: 'open' }, 'Reopened.')} data-testid="reopen">
                Reopen
              </button>
            )
          )}
        </div>
        {(conversation.status === 'queued' || conversation.status === 'bot') && conversation.handoffReason && (
          <p class="handoff" data-testid="handoff-reason">
            {conversation.handoffReason === 'reopened' ? 'Back in the queue' : 'Handed off by the bot'}: <strong>{reasonText(conversation.handoffReason)}</strong>
            {conversation.status === 'queued' && conversation.queuedAt ? ` · waiting ${since(conversation.queuedAt)}` : ''}
          </p>
        )}
        {viewers.length > 0 && (
          <p class="viewers" data-testid="viewers">
            Also here: {viewers.map((v) => v.name).join(', ')}
          </p>
        )}
      </header>

      <div class="timeline" ref={scroller} data-testid="timeline" aria-live="polite">
        {!loaded && <p class="muted pad">Loading the history…</p>}
        {timeline.map((entry) =>
          entry.kind === 'message' ? <MessageBubble key={entry.message.id} message={entry.message} onOpenSource={openSource} /> : <EventLine key={entry.event.id} event={entry.event} live={live} />,
        )}
        {outgoing.map((o) => (
          <div key={o.clientId} class={`bubble agent mine sending${o.internal ? ' note' : ''}`} data-testid="outgoing">
            <MessageBody body={o.body} />
            <MessageFiles files={o.files} />
            {o.error ? (
              <div class="meta error">
                {o.error}{' '}
                <button class="link" onClick={() => deliver(o)}>
                  Retry
                </button>
                <button class="link" onClick={() => setOutgoing((list) => list.filter((x) => x.clientId !== o.clientId))}>
                  Discard
                </button>
              </div>
            ) : (
              <div class="meta">Sending…</div>
            )}
          </div>
        ))}
      </div>

      <footer class="composer">
        <div class="typing-line small muted" data-testid="typing">
          {visitorTyping ? `${who} is typing…` : ''}
          {agentTypers.map(([id, t]) => (
            <span key={id} class="collision">
              {' '}
              {t.name} is {t.internal ? 'writing a note' : 'typing a reply'}…
            </span>
          ))}
        </div>
        {collision && (
          <div class="collision-warning" role="alert" data-testid="collision-warning">
            {collision} Send yours anyway?
            <button class="primary" onClick={() => send(true)}>
              Send anyway
            </button>
            <button onClick={() => setCollision(null)}>Cancel</button>
          </div>
        )}
        <div class="row modes">
          <span class="row" role="tablist" aria-label="Write">
            <button role="tab" aria-selected={mode === 'reply'} class={mode === 'reply' ? 'on' : ''} onClick={() => setMode('reply')} data-testid="mode-reply">
              Reply
            </button>
            <button role="tab" aria-selected={mode === 'note'} class={mode === 'note' ? 'on' : ''} onClick={() => setMode('note')} data-testid="mode-note">
              Internal note
            </button>
          </span>
          <label class="attach-button" title="Attach photos or PDF files (they are sent with the message)">
            <input
              type="file"
              multiple
              accept="image/jpeg,image/png,image/webp,image/gif,application/pdf"
              disabled={conversation.status === 'closed'}
              onChange={(e) => {
                attach([...(e.currentTarget.files ?? [])]);
                e.currentTarget.value = '';
              }}
              data-testid="attach"
            />
            📎 Attach
          </label>
          {!mine && mode === 'reply' && conversation.status !== 'closed' && <span class="muted small">Replying does not take the conversation; take it over to silence the bot.</span>}
        </div>
        {cannedMatch && (
          <ul class="canned" role="listbox" aria-label="Canned replies" data-testid="canned-list">
            {cannedMatch.options.map((c, i) => (
              <li
                key={c.id}
                role="option"
                aria-selected={i === cannedIndex}
                class={i === cannedIndex ? 'on' : ''}
                onMouseDown={(e) => {
                  e.preventDefault();
                  insertCanned(c);
                }}
              >
                <strong>/{c.shortcut}</strong> <span class="muted">{c.body.slice(0, 80)}</span>
              </li>
            ))}
          </ul>
        )}
        <textarea
          ref={box}
          class={mode === 'note' ? 'note' : ''}
          rows={3}
          value={text}
          disabled={conversation.status === 'closed'}
          placeholder={mode === 'note' ? 'A note for your team: the shopper never sees it' : 'Write to the shopper… (/ for canned replies)'}
          aria-label={mode === 'note' ? 'Internal note' : 'Reply'}
          onInput={(e) => onInput(e.currentTarget.value, e.currentTarget.selectionStart ?? e.currentTarget.value.length)}
          onKeyUp={(e) => setCaret(e.currentTarget.selectionStart ?? 0)}
          onClick={(e) => setCaret(e.currentTarget.selectionStart ?? 0)}
          onKeyDown={onComposerKey}
          onBlur={() => sendTyping(false)}
          data-testid="composer"
        />
        {staged.length > 0 && (
          <ul class="staged small" data-testid="staged-files">
            {staged.map((f) => (
              <li key={f.key} class={f.error ? 'error' : ''} data-testid="staged-file" data-state={f.error ? 'failed' : f.file ? 'ready' : 'uploading'}>
                📎 {f.name} {f.error ? `: ${f.error}` : f.file ? '' : <progress max={1} value={f.done} aria-label={`Uploading ${f.name}`} />}
                <button class="link" onClick={() => setStaged((all) => all.filter((x) => x.key !== f.key))} aria-label={`Remove ${f.name}`}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}
        <div class="row">
          <span class="muted small grow">Enter sends · Shift+Enter new line</span>
          <button class="primary" onClick={() => send(collision !== null)} disabled={(!text.trim() && !staged.some((f) => f.file)) || staged.some((f) => !f.file && !f.error)} data-testid="send">
            {mode === 'note' ? 'Add note' : 'Send'}
          </button>
        </div>
      </footer>
    </section>
  );
}

function SnoozeMenu({ onSnooze }: { onSnooze: (until: string) => unknown }) {
  const choose = (value: string) => {
    if (!value) return;
    const now = new Date();
    const at = new Date(now);
    if (value === '1h') at.setHours(now.getHours() + 1);
    else if (value === '4h') at.setHours(now.getHours() + 4);
    else if (value === 'tomorrow') {
      at.setDate(now.getDate() + 1);
      at.setHours(9, 0, 0, 0);
    } else if (value === 'week') {
      at.setDate(now.getDate() + ((8 - now.getDay()) % 7 || 7));
      at.setHours(9, 0, 0, 0);
    }
    onSnooze(at.toISOString());
  };
  return (
    <select aria-label="Snooze" value="" onChange={(e) => choose(e.currentTarget.value)} data-testid="snooze">
      <option value="">Snooze…</option>
      <option value="1h">For 1 hour</option>
      <option value="4h">For 4 hours</option>
      <option value="tomorrow">Until tomorrow 9:00</option>
      <option value="week">Until Monday 9:00</option>
    </select>
  );
}

type Entry = { kind: 'message'; at: string; message: Message } | { kind: 'event'; at: string; event: ConversationEvent };

/** Messages in seq order, with the status changes placed by time between them. */
function mergeTimeline(messages: Message[], events: ConversationEvent[]): Entry[] {
  // A takeover or an assignment also writes the status change and assignment it implies: show one line.
  const takeovers = new Set(events.filter((e) => e.type === 'taken_over').map((e) => e.createdAt));
  const shown = events.filter(
    (e) =>
      ['status_changed', 'assigned', 'taken_over', 'snoozed', 'rated'].includes(e.type) &&
      !(e.type === 'assigned' && takeovers.has(e.createdAt)) &&
      !(e.type === 'status_changed' && ['takeover', 'assignment', 'snoozed'].includes(String(e.data.reason))),
  );
  const out: Entry[] = [];
  let i = 0;
  for (const message of messages) {
    while (i < shown.length && shown[i]!.createdAt < message.createdAt) out.push({ kind: 'event', at: shown[i]!.createdAt, event: shown[i++]! });
    out.push({ kind: 'message', at: message.createdAt, message });
  }
  while (i < shown.length) out.push({ kind: 'event', at: shown[i]!.createdAt, event: shown[i++]! });
  return out;
}

function EventLine({ event, live }: { event: ConversationEvent; live: Live }) {
  const by = event.actor.type === 'agent' ? live.colleagueName(event.actor.id) : event.actor.type === 'bot' ? 'The bot' : event.actor.type === 'visitor' ? 'The shopper' : 'Sportello';
  const d = event.data as Record<string, string | number | null | undefined>;
  let text: string;
  switch (event.type) {
    case 'status_changed':
      text = d.to === 'queued' ? `${by} handed off${d.reason ? `: ${reasonText(String(d.reason))}` : ''}` : `${by} moved it to ${d.to}${d.reason && d.reason !== 'takeover' && d.reason !== 'assignment' ? ` (${String(d.reason).replace(/_/g, ' ')})` : ''}`;
      break;
    case 'assigned':
      text = d.to ? `${by} assigned it to ${live.colleagueName(String(d.to))}` : `${by} unassigned it`;
      break;
    case 'taken_over':
      text = `${by} took over`;
      break;
    case 'snoozed':
      text = `${by} snoozed it until ${clock(String(d.until))}`;
      break;
    case 'rated':
      text = `Rated ${d.rating}/5${d.comment ? `: “${d.comment}”` : ''}`;
      break;
    default:
      text = event.type;
  }
  return (
    <div class="event-line small muted" data-testid="event-line">
      <ShopperText text={text} /> · {clock(event.createdAt)}
    </div>
  );
}

/**
 * One message of the history. The shopper's text is shown exactly as typed; the bot's and agents'
 * as the widget shows them (bold, links), with the article a bot answer came from.
 */
function MessageBubble({ message, onOpenSource }: { message: Message; onOpenSource: () => void }) {
  const live = useLive();
  const { author } = message;
  const side = author.type === 'visitor' ? 'visitor' : author.type;
  const name = author.type === 'visitor' ? (author.name ?? 'Shopper') : author.type === 'bot' ? (author.name ?? 'Bot') : author.type === 'agent' ? (author.id === live.me.id ? 'You' : (author.name ?? 'Agent')) : 'Sportello';
  return (
    <div class={`bubble ${side}${message.internal ? ' note' : ''}${author.id === live.me.id ? ' mine' : ''}`} data-testid="message" data-seq={message.seq}>
      <div class="meta small">
        {message.internal ? 'Internal note · ' : ''}
        {author.type === 'visitor' ? <ShopperText text={name} /> : name} · {clock(message.createdAt)}
      </div>
      {author.type === 'visitor' ? <div class="body"><ShopperText text={message.body} /></div> : <MessageBody body={message.body} />}
      <MessageFiles files={message.payload?.attachments} />
      {message.payload?.card && <MessageCard card={message.payload.card} />}
      {author.type === 'bot' && <MessageSources sources={message.payload?.sources} onOpen={onOpenSource} />}
      {message.payload?.quickReplies?.length ? (
        <div class="quick small">
          {message.payload.quickReplies.map((q) => (
            <span class="chip" key={q.value}>
              {q.label}
            </span>
          ))}
        </div>
      ) : null}
    </div>
  );
}
