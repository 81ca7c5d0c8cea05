import { ProfileDialog } from './pages/profile';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { AgentProfile } from '@sportello/protocol';
import { errorText, get, post, RequestError, whenSignedOut } from './api';
import { SHORTCUTS, typingInField, withModifier } from './keys';
import { navigate, useRoute } from './router';
import { forgetSession, heldSession, rememberSession, SessionContext, type Session, type SiteView } from './session';
import { Inbox } from './inbox/inbox';
import { Live, LiveContext, useLive } from './live';
import { KnowledgeBase } from './pages/kb';
import { Settings } from './pages/settings';
import { Reports } from './pages/reports';

type Boot = { state: 'loading' } | { state: 'signed-out'; message?: string } | { state: 'signed-in'; agent: AgentProfile };

export function App() {
  const [boot, setBoot] = useState<Boot>({ state: 'loading' });
  const signedIn = (agent: AgentProfile) => {
    rememberSession();
    setBoot({ state: 'signed-in', agent });
  };
  /** The server refused the session: it "has ended" only if this browser had one (not on a first visit). */
  const sessionLost = () => {
    const message = heldSession() ? 'Your session has ended. Sign in again.' : undefined;
    forgetSession();
    // Several requests may fail at once: the first one says what happened.
    setBoot((current) => (current.state === 'signed-out' ? current : { state: 'signed-out', message }));
  };
  // `Shell`'s sign-out has forgotten the session already.
  const signedOut = () => setBoot({ state: 'signed-out' });
  useEffect(() => {
    whenSignedOut(sessionLost);
    get<{ agent: AgentProfile }>('/auth/me').then(({ agent }) => signedIn(agent), (e) => {
      // A 401 went through sessionLost already; anything else (the server is down) is said on the form.
      if (!(e instanceof RequestError && e.status === 401)) setBoot({ state: 'signed-out', message: errorText(e) });
    });
  }, []);
  if (boot.state === 'loading') return <div class="boot" aria-busy="true">Loading…</div>;
  if (boot.state === 'signed-out') return <Login message={boot.message} onSignedIn={signedIn} />;
  return <Shell agent={boot.agent} onSignedOut={signedOut} onSessionLost={sessionLost} />;
}

function Login({ message, onSignedIn }: { message?: string | undefined; onSignedIn: (agent: AgentProfile) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(message ?? null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { agent } = await post<{ agent: AgentProfile }>('/auth/login', { email, password });
      onSignedIn(agent);
    } catch (e) {
      setError(e instanceof RequestError && e.code === 'INVALID_CREDENTIALS' ? 'Wrong email or password.' : errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="login">
      <form class="login-card" onSubmit={submit} data-testid="login-form">
        <h1>Sportello</h1>
        <p class="muted">Sign in to answer your shoppers.</p>
        <label>
          Email
          <input type="email" name="email" autocomplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        </label>
        <label>
          Password
          <input type="password" name="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </label>
        {error && <p class="error" role="alert">{error}</p>}
        <button class="primary" type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}

function Shell({ agent, onSignedOut, onSessionLost }: { agent: AgentProfile; onSignedOut: () => void; onSessionLost: () => void }) {
  const [sites, setSites] = useState<SiteView[]>([]);
  const [siteId, setSiteIdState] = useState<string>(() => localStorage.getItem('sportello.site') ?? '');
  const [toasts, setToasts] = useState<{ id: number; text: string; kind: 'info' | 'error' }[]>([]);
  const [help, setHelp] = useState(false);
  const [profileOpen, setProfileOpen] = useState(false);
  // The agent as last saved in their profile (the name shoppers see changes here).
  const [me, setMe] = useState(agent);
  const live = useMemo(() => new Live(agent), [agent.id]);
  live.onSignedOut = onSessionLost;
  useEffect(() => () => live.close(), [live]);

  const reloadSites = useCallback(async () => {
    const { sites } = await get<{ sites: SiteView[] }>('/sites');
    setSites(sites);
  }, []);
  useEffect(() => {
    reloadSites().catch(() => undefined);
  }, [reloadSites]);

  const toastId = useRef(0);
  const toast = useCallback((text: string, kind: 'info' | 'error' = 'info') => {
    const id = ++toastId.current;
    setToasts((list) => [...list, { id, text, kind }]);
    setTimeout(() => setToasts((list) => list.filter((t) => t.id !== id)), kind === 'error' ? 8000 : 4000);
  }, []);

  const session: Session = {
    agent,
    sites,
    siteId: sites.some((s) => s.id === siteId) ? siteId : (sites[0]?.id ?? ''),
    setSiteId: (id) => {
      localStorage.setItem('sportello.site', id);
      setSiteIdState(id);
    },
    reloadSites,
    toast,
  };

  const route = useRoute();
  useGlobalKeys(setHelp);

  const signOut = async () => {
    // Forgotten and disconnected first: the socket the server drops on logout must not read as a lost session.
    forgetSession();
    live.close();
    try {
      await post('/auth/logout');
    } catch {
      // Signed out either way.
    }
    onSignedOut();
  };

  return (
    <SessionContext.Provider value={session}>
      <LiveContext.Provider value={live}>
        <div class="shell">
          <header class="topbar">
            <span class="brand">Sportello</span>
            <nav aria-label="Sections">
              <a href="#/inbox" aria-current={route.page === 'inbox' ? 'page' : undefined} data-testid="nav-inbox">
                Inbox <QueuedBadge />
              </a>
              <a href="#/kb" aria-current={route.page === 'kb' ? 'page' : undefined} data-testid="nav-kb">
                Knowledge base
              </a>
              {agent.role === 'admin' && (
                <a href="#/settings" aria-current={route.page === 'settings' ? 'page' : undefined} data-testid="nav-settings">
                  Settings
                </a>
              )}
              <a href="#/reports" aria-current={route.page === 'reports' ? 'page' : undefined} data-testid="nav-reports">
                Reports
              </a>
            </nav>
            <div class="topbar-end">
              {route.page !== 'inbox' && sites.length > 1 && (
                <select aria-label="Site" value={session.siteId} onChange={(e) => session.setSiteId(e.currentTarget.value)} data-testid="site-select">
                  {sites.map((s) => (
                    <option value={s.id} key={s.id}>
                      {s.name}
                    </option>
                  ))}
                </select>
              )}
              <Presence />
              <button class="link" onClick={() => setHelp(true)} title="Keyboard shortcuts (?)">
                ?
              </button>
              <button class="link me" title={`${agent.email}: your profile`} onClick={() => setProfileOpen(true)} data-testid="profile-open">
                {me.displayName ?? me.name}
              </button>
              <button class="link" onClick={signOut} data-testid="sign-out">
                Sign out
              </button>
            </div>
          </header>
          <main class="page">
            {route.page === 'inbox' && <Inbox route={route} />}
            {route.page === 'kb' && <KnowledgeBase />}
            {route.page === 'settings' && (agent.role === 'admin' ? <Settings /> : <p class="empty">Only admins change settings.</p>)}
            {route.page === 'reports' && <Reports />}
          </main>
          {help && <HelpDialog onClose={() => setHelp(false)} />}
          {profileOpen && <ProfileDialog agent={me} onSaved={setMe} onClose={() => setProfileOpen(false)} />}
          <div class="toasts" role="status" aria-live="polite">
            {toasts.map((t) => (
              <div class={`toast ${t.kind}`} key={t.id}>
                {t.text}
              </div>
            ))}
          </div>
        </div>
      </LiveContext.Provider>
    </SessionContext.Provider>
  );
}

/** The number of chats waiting for a human, beside "Inbox". */
function QueuedBadge() {
  const live = useLive();
  const count = live.queuedCount();
  return count ? (
    <span class="count" data-testid="queued-count" aria-label={`${count} waiting`}>
      {count}
    </span>
  ) : null;
}

function Presence() {
  const live = useLive();
  const presence = live.presence;
  return (
    <button
      class={`presence ${presence}`}
      data-testid="presence"
      onClick={() => live.setPresence(presence === 'online' ? 'away' : 'online')}
      title="Shoppers see whether a human is around"
    >
      <span class="dot" aria-hidden="true" />
      {presence === 'online' ? 'Online' : 'Away'}
    </button>
  );
}

function HelpDialog({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  // Focus goes into the dialog, and back where it was when the dialog closes (Escape is one of
  // the console-wide keys, so it works from the moment the dialog shows).
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    ref.current?.focus();
    return () => before?.focus?.();
  }, []);
  return (
    <div class="overlay" onClick={onClose}>
      <div class="dialog" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" tabIndex={-1} ref={ref} onClick={(e) => e.stopPropagation()} data-testid="shortcuts">
        <h2>Keyboard shortcuts</h2>
        <table>
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.keys}>
                <td>
                  <kbd>{s.keys}</kbd>
                </td>
                <td>{s.what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button onClick={onClose}>Close</button>
      </div>
    </div>
  );
}

/** `?` for help, `g` then a letter to change section. */
function useGlobalKeys(setHelp: (open: boolean) => void) {
  useEffect(() => {
    let pendingG = 0;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setHelp(false);
      if (typingInField(event) || withModifier(event)) return;
      if (event.key === '?') {
        setHelp(true);
        event.preventDefault();
        return;
      }
      if (event.key === 'g') {
        pendingG = Date.now();
        return;
      }
      if (Date.now() - pendingG < 1500) {
        const to = { i: 'inbox', k: 'kb', s: 'settings', r: 'reports' }[event.key];
        pendingG = 0;
        if (to) {
          navigate(to);
          event.preventDefault();
        }
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [setHelp]);
}
