import type { KeyValueStorage } from './outbox';
import type { BusinessHours } from './business-hours';
import type { Locale } from './locale';

/** Per-locale texts set by the merchant, e.g. `{ en: 'Chat with us', it: 'Scrivici' }`. */
export type LocalizedText = Partial<Record<string, string>>;

/** `GET /api/v1/widget/config?site=KEY`: the public settings the loader reads first. */
export interface WidgetConfig {
  site: string;
  name: string;
  /** The merchant's colour, `#rrggbb`, checked by the server. */
  color: string;
  position: 'right' | 'left';
  /**
   * The values written into the widget's stylesheets for `var(--c)` (the colour), `var(--t)` (black
   * or white, whichever contrasts more with it), `var(--b)` and `var(--s)` (the launcher's distance
   * from the window's bottom and side, e.g. `20px`). See core/style.ts.
   */
  theme: Record<'c' | 't' | 'b' | 's', string>;
  /** Regular-expression sources (anchored) of the paths where the widget does not show. */
  hideOn: string[];
  defaultLocale: string;
  locales: string[];
  launcherText: LocalizedText;
  greeting: LocalizedText;
  offlineText: LocalizedText;
  timeZone: string;
  businessHours: BusinessHours;
  agentsOnline: number;
  /** The team's typical first reply in minutes, measured over the last 30 days' open hours; null: too few replies to say. */
  replyMinutes: number | null;
  /** Agents' pictures: agent id → version, for `api/v1/widget/avatars/<id>/<version>`. */
  avatars: Record<string, string>;
  /** What shoppers may attach: the largest size and the kinds (none: no attach button). */
  files?: { maxMb: number; types: ('image' | 'pdf')[] };
}

/** What `Sportello('identify', …)` passes on; sent in the socket handshake as `auth.identity`. */
export interface Identity {
  email?: string;
  name?: string;
  userId?: string;
  /** HMAC-SHA256 of `userId` under the site's secret, computed by the store's server. */
  userHash?: string;
}

/** Events a page can listen to with `Sportello('on', name, fn)`. */
export type WidgetEvent = 'message' | 'open' | 'close' | 'unread';

/**
 * Storage key of one site's item; all of them exist only after the shopper used the chat. `open`
 * is in sessionStorage (the panel stays open across this tab's page loads), the others in
 * localStorage: `token` (the visitor token), `conversation` (the current one's id), `outbox`
 * (unacked messages), `email` (left for a reply), `rated` (conversations rated here), `user` (the
 * signed-in shopper's `userId` the chat belongs to). `shutdown` removes them all.
 */
export const STORED = ['token', 'conversation', 'outbox', 'email', 'rated', 'user'] as const;
export function storageKey(site: string, name: (typeof STORED)[number] | 'open'): string {
  return 'sportello:' + site + ':' + name;
}

/** What the loader hands the lazily loaded panel. */
export interface PanelHost {
  /** Adds a stylesheet to the shadow root the launcher lives in (see core/style.ts). */
  style(css: string): void;
  /** Where the panel renders, inside that shadow root. */
  mount: HTMLElement;
  /** Directory the widget was loaded from, ending in `/` (e.g. `https://chat.example.com/`). */
  base: string;
  siteKey: string;
  config: WidgetConfig;
  locale: Locale;
  identity: Identity | undefined;
  storage: KeyValueStorage | null;
  /** Forwards an event to the page's `Sportello('on', …)` listeners. */
  emit(event: WidgetEvent, data?: unknown): void;
  /** Updates the launcher's badge and preview (the newest unread reply). */
  setUnread(count: number, preview: string | null): void;
  /** The panel asks to be closed (its close button, Escape). */
  requestClose(): void;
}

/** What the panel gives back to the loader. */
export interface PanelController {
  /** Shows the panel; `focus` moves the keyboard focus into it (when the shopper opened it). */
  open(focus: boolean): void;
  close(): void;
  setLocale(locale: Locale): void;
  identify(identity: Identity): void;
  /** Disconnects and removes the panel (`Sportello('shutdown')`). */
  destroy(): void;
}

/** The panel module's export. */
export type MountPanel = (host: PanelHost) => PanelController;
