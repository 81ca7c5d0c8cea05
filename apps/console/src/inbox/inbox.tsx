import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { AgentConversation } from '@sportello/protocol';
import { errorText, get } from '../api';
import { typingInField, withModifier } from '../keys';
import { useLive } from '../live';
import { navigate, type Route } from '../router';
import { useSession } from '../session';
import { ConversationView } from './conversation';
import { Sidebar } from './sidebar';
import { PRIORITIES, VIEWS, clock, isSnoozed, matches, queryOf, reasonText, since, sortFor, viewOf, type Filters } from './views';
import { ShopperText } from '../messages/shopper-text';
import './inbox.css';

/**
 * The inbox: the lists on the left (live), the open conversation in the middle, the shopper on the
 * right. `#/inbox/<view>/<conversation id>`.
 */
export function Inbox({ route }: { route: Route }) {
  const session = useSession();
  const live = useLive();
  const view = viewOf(route.parts[0]);
  const openId = /^[0-9a-f-]{36}$/i.test(route.parts[1] ?? '') ? route.parts[1]! : null;
  const [filters, setFilters] = useState<Filters>({ siteId: '', assignee: '', priority: '' });
  const [q, setQ] = useState('');
  const [searched, setSearched] = useState<string[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(openId);
  // On screens too narrow for three columns the shopper's details open over the conversation.
  // The shopper panel (narrow screens), open for this conversation only.
  const [shopperFor, setShopperFor] = useState<string | null>(null);
  const shopperShown = shopperFor !== null && shopperFor === openId;
  const searchRef = useRef<HTMLInputElement>(null);
  const [, tick] = useState(0);

  // Waiting times move on their own.
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), 15_000);
    return () => clearInterval(timer);
  }, []);

  // The list's first page from the server; later changes arrive over the socket.
  const query = queryOf(view, filters, q);
  const queryKey = JSON.stringify(query);
  useEffect(() => {
    let stale = false;
    const load = () =>
      get<{ conversations: AgentConversation[]; nextCursor: string | null }>('/conversations', query).then(
        ({ conversations, nextCursor }) => {
          if (stale) return;
          live.upsertMany(conversations);
          setSearched(q.trim() ? conversations.map((c) => c.id) : null);
          setCursor(nextCursor);
          setLoadError(null);
        },
        (error) => !stale && setLoadError(errorText(error)),
      );
    const timer = setTimeout(load, q.trim() ? 250 : 0);
    live.reconnectListeners.add(load);
    return () => {
      stale = true;
      clearTimeout(timer);
      live.reconnectListeners.delete(load);
    };
  }, [queryKey]);

  const loadMore = async () => {
    if (!cursor) return;
    try {
      const page = await get<{ conversations: AgentConversation[]; nextCursor: string | null }>('/conversations', { ...query, cursor });
      live.upsertMany(page.conversations);
      if (searched) setSearched([...searched, ...page.conversations.map((c) => c.id)]);
      setCursor(page.nextCursor);
    } catch (error) {
      session.toast(errorText(error), 'error');
    }
  };

  const list = useMemo(() => {
    if (searched) return searched.map((id) => live.conversations.get(id)).filter((c): c is AgentConversation => !!c);
    return [...live.conversations.values()].filter((c) => matches(view, filters, c, live.me.id)).sort(sortFor(view));
  }, [live.stamp, searched, view.id, filters]);

  // How many each list holds, from the server (the console loads lists a page at a time), again
  // when a conversation changes list; a second later at most, so a burst asks once.
  const [counts, setCounts] = useState<Record<string, number>>({});
  useEffect(() => {
    const timer = setTimeout(() => {
      get<{ counts: Record<string, number> }>('/conversations/counts', filters.siteId ? { siteId: filters.siteId } : {}).then(
        ({ counts }) => setCounts(counts),
        () => undefined,
      );
    }, live.listsVersion === 0 ? 0 : 1000);
    return () => clearTimeout(timer);
  }, [live.listsVersion, live.connected, filters.siteId]);

  useEffect(() => setSelected(openId), [openId]);

  // j/k to move, Enter/o to open, s to search, 1–7 for the lists. The handler reads the latest
  // list and selection through refs: a key pressed right after another must see its effect.
  const current = useRef({ list, selected, view: view.id });
  current.current = { list, selected, view: view.id };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (typingInField(event) || withModifier(event)) return;
      // Enter on a focused button or link is that control's, and nothing here acts behind a dialog.
      const target = event.target as HTMLElement | null;
      if (target?.closest('button, a, [role="dialog"], [role="option"]') && event.key === 'Enter') return;
      const { list, selected, view } = current.current;
      const index = list.findIndex((c) => c.id === selected);
      if (event.key === 'j' || event.key === 'k') {
        const next = list[Math.min(list.length - 1, Math.max(0, index + (event.key === 'j' ? 1 : -1)))] ?? list[0];
        if (next) {
          current.current.selected = next.id;
          setSelected(next.id);
          document.querySelector(`[data-conversation="${next.id}"]`)?.scrollIntoView({ block: 'nearest' });
        }
      } else if ((event.key === 'Enter' || event.key === 'o') && selected) {
        navigate(`inbox/${view}/${selected}`);
      } else if (event.key === 's') {
        searchRef.current?.focus();
      } else if (/^[1-7]$/.test(event.key)) {
        navigate(`inbox/${VIEWS[Number(event.key) - 1]!.id}`);
      } else return;
      event.preventDefault();
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);

  const siteName = (id: string) => session.sites.find((s) => s.id === id)?.name ?? '';
  const openConversation = openId ? live.conversations.get(openId) : undefined;

  return (
    <div class={`inbox${openId ? ' has-open' : ''}`}>
      <aside class="lists" aria-label="Conversations">
        <nav class="views" aria-label="Lists">
          {VIEWS.map((v) => (
            <a key={v.id} href={`#/inbox/${v.id}`} aria-current={v.id === view.id ? 'page' : undefined} data-testid={`view-${v.id}`}>
              {v.label}
              {counts[v.id] ? (
                <span class="n" data-testid={`count-${v.id}`}>
                  {counts[v.id]}
                </span>
              ) : null}
            </a>
          ))}
        </nav>
        <div class="filters">
          <input
            ref={searchRef}
            type="search"
            placeholder="Search text, email, name, order…"
            aria-label="Search conversations"
            value={q}
            onInput={(e) => setQ(e.currentTarget.value)}
            onKeyDown={(e) => e.key === 'Escape' && (setQ(''), e.currentTarget.blur())}
            data-testid="inbox-search"
          />
          <div class="row">
            {session.sites.length > 1 && (
              <select aria-label="Site" value={filters.siteId} onChange={(e) => setFilters({ ...filters, siteId: e.currentTarget.value })}>
                <option value="">All sites</option>
                {session.sites.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            )}
            {view.id !== 'mine' && (
              <select aria-label="Assignee" value={filters.assignee} onChange={(e) => setFilters({ ...filters, assignee: e.currentTarget.value })} data-testid="filter-assignee">
                <option value="">Anyone</option>
                <option value="me">Me</option>
                <option value="none">Unassigned</option>
                {live.colleagues
                  .filter((c) => c.id !== live.me.id && c.active)
                  .map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
              </select>
            )}
            <select aria-label="Priority" value={filters.priority} onChange={(e) => setFilters({ ...filters, priority: e.currentTarget.value as Filters['priority'] })} data-testid="filter-priority">
              <option value="">Any priority</option>
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {p[0]!.toUpperCase() + p.slice(1)}
                </option>
              ))}
            </select>
          </div>
          <div class="row alerts small">
            <label class="inline">
              <input type="checkbox" checked={live.alerts.sound} onChange={(e) => live.setAlerts({ sound: e.currentTarget.checked })} /> Sound
            </label>
            <label class="inline">
              <input type="checkbox" checked={live.alerts.desktop} onChange={(e) => live.setAlerts({ desktop: e.currentTarget.checked })} /> Notifications
            </label>
            {!live.connected && <span class="error">Reconnecting…</span>}
          </div>
        </div>
        {loadError && <p class="error pad">{loadError}</p>}
        <ul class="conversation-list" data-testid="conversation-list" aria-label={view.label}>
          {list.map((c) => (
            <li key={c.id} data-conversation={c.id} data-testid="conversation-item" class={`item${c.id === openId ? ' open' : ''}${c.id === selected ? ' selected' : ''}`}>
              <a href={`#/inbox/${view.id}/${c.id}`} aria-current={c.id === openId ? 'true' : undefined}>
              <div class="row">
                <strong class="grow who" title={c.visitor.email ?? undefined}>
                  <ShopperText text={c.visitor.name || c.visitor.email || 'Shopper'} />
                </strong>
                {c.status === 'queued' ? (
                  <span class="chip queued" title="Waiting for a human">
                    waiting {since(c.queuedAt ?? c.updatedAt)}
                  </span>
                ) : (
                  <span class="muted small">{clock(c.lastMessageAt ?? c.updatedAt)}</span>
                )}
              </div>
              <div class="preview">{c.preview ? <ShopperText text={c.preview} /> : '…'}</div>
              <div class="row small">
                <span class={`chip ${c.status}`}>{isSnoozed(c) ? `snoozed` : c.status}</span>
                {c.priority !== 'normal' && <span class={`chip ${c.priority}`}>{c.priority}</span>}
                {c.status === 'queued' && c.handoffReason && <span class="muted">{reasonText(c.handoffReason)}</span>}
                {c.assigneeId && c.status !== 'queued' && <span class="muted">{live.colleagueName(c.assigneeId)}</span>}
                {session.sites.length > 1 && <span class="muted">{siteName(c.siteId)}</span>}
              </div>
              </a>
            </li>
          ))}
        </ul>
        {list.length === 0 && !loadError && <p class="empty">{q ? 'Nothing found.' : 'Nothing here.'}</p>}
        {cursor && (
          <button class="link more" onClick={loadMore}>
            Load more
          </button>
        )}
      </aside>
      {openId ? (
        <>
          <ConversationView key={openId} conversationId={openId} onClose={() => navigate(`inbox/${view.id}`)} onShowShopper={() => setShopperFor(openId)} />
          <Sidebar key={`side-${openId}`} conversationId={openId} conversation={openConversation} shown={shopperShown} onHide={() => setShopperFor(null)} />
        </>
      ) : (
        <section class="placeholder">
          <p class="empty">
            Pick a conversation. <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>Enter</kbd> opens, <kbd>?</kbd> lists every shortcut.
          </p>
        </section>
      )}
    </div>
  );
}
