import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { AgentProfile } from '@sportello/protocol';

/** Site settings as stored (every field optional: defaults apply in the server). */
export interface SiteSettings {
  defaultLocale?: string;
  locales?: string[];
  color?: string;
  position?: 'right' | 'left';
  launcherOffset?: { bottom: number; side: number };
  hideOn?: string[];
  launcherText?: Record<string, string>;
  greeting?: Record<string, string>;
  offlineText?: Record<string, string>;
  timeZone?: string;
  businessHours?: Partial<Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', { open: string; close: string }>>;
  returnPolicy?: { windowDays: number; nonReturnableTags: string[]; autoApproveLimitCents: number };
  botEnabled?: boolean;
  botName?: string;
  retentionDays?: number | null;
  fileMaxMb?: number;
  fileTypes?: ('image' | 'pdf')[];
  [key: string]: unknown;
}

/** A site as `GET /api/v1/sites` returns it (the secret to admins only). */
export interface SiteView {
  id: string;
  key: string;
  name: string;
  allowedOrigins: string[];
  settings: SiteSettings;
  secret?: string;
  snippet: string;
  createdAt: string;
}

export interface Session {
  agent: AgentProfile;
  sites: SiteView[];
  /** The site the KB, settings and reports screens work on. */
  siteId: string;
  setSiteId(id: string): void;
  /** Reloads the sites (after settings change). */
  reloadSites(): Promise<void>;
  /** Shows a short message at the bottom of the screen. */
  toast(text: string, kind?: 'info' | 'error'): void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside the signed-in app');
  return session;
}

export function currentSite(session: Session): SiteView | undefined {
  return session.sites.find((s) => s.id === session.siteId) ?? session.sites[0];
}

// Whether this browser held a session: set when the agent signs in (or opens the console signed
// in), cleared when they sign out. Losing a session then reads "Your session has ended"; a first
// visit, or a visit after signing out, shows the plain sign-in form.
const HELD = 'sportello.session';

function store(action: (storage: Storage) => void): void {
  try {
    action(localStorage);
  } catch {
    // Storage refused (private mode, a policy): the console works, without the distinction.
  }
}

export function rememberSession(): void {
  store((s) => s.setItem(HELD, '1'));
}

export function forgetSession(): void {
  store((s) => s.removeItem(HELD));
}

export function heldSession(): boolean {
  let held = false;
  store((s) => (held = s.getItem(HELD) === '1'));
  return held;
}
