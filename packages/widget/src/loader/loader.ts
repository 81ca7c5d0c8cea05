import { pickLocale, type Locale } from '../core/locale';
import {
  storageKey,
  STORED,
  type Identity,
  type MountPanel,
  type PanelController,
  type PanelHost,
  type WidgetConfig,
  type WidgetEvent,
} from '../core/host';
import { addStyle } from '../core/style';
import { LAUNCHER_CSS } from './launcher-style';
import { LAUNCHER_TEXT } from './launcher-text';

/** The page's `Sportello` function; the snippet's stub keeps early calls in `q`. */
interface Api {
  (command: string, arg?: unknown, fn?: unknown): void;
  q?: ArrayLike<unknown>[];
  /** Set once a loader owns `Sportello`, so a second copy of the script does nothing. */
  l?: 1;
}

interface InitOptions {
  site?: string;
  locale?: string;
  identity?: Identity;
}

type Listener = (data: unknown) => void;

/** The panel's file name with its content hash (`panel-<hash>.js`), set at build time. */
declare const __PANEL_FILE__: string;

/** The launcher's speech-bubble icon, built as elements: a page that enforces Trusted Types refuses `innerHTML`. */
function chatIcon(d: Document): SVGElement {
  const svg = 'http://www.w3.org/2000/svg';
  const icon = d.createElementNS(svg, 'svg');
  const path = d.createElementNS(svg, 'path');
  icon.setAttribute('viewBox', '0 0 24 24');
  icon.setAttribute('aria-hidden', 'true');
  path.setAttribute('d', 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z');
  icon.append(path);
  return icon;
}

/**
 * Installs `window.Sportello`, replays the calls the snippet queued, reads the site's public config
 * and draws the launcher. The panel (Preact, the socket, the chat) is imported on first intent, or
 * at idle when this browser already has a conversation. Defines no other global.
 */
export function startLoader(w: Window & { Sportello?: Api }, d: Document): void {
  const queued = w.Sportello;
  if (queued && queued.l) return;

  const script = (d.currentScript || d.querySelector('script[data-site][src*="widget.js"]')) as HTMLScriptElement | null;
  const base = new URL('.', (script && script.src) || location.href).href;
  let siteKey = (script && script.dataset.site) || '';
  let chosen: string | undefined;
  let identity: Identity | undefined;
  const listeners: Partial<Record<WidgetEvent, Listener[]>> = {};
  let storage: Storage | null = null;
  try {
    storage = w.localStorage;
  } catch {
    // Blocked storage (privacy settings): the chat still works for this page.
  }

  let config: WidgetConfig | undefined;
  let hostEl: HTMLElement | undefined;
  /** Adds a stylesheet to the widget's shadow root, the merchant's colours written in. */
  let style: (css: string) => void;
  let wrap: HTMLElement;
  let launcher: HTMLButtonElement;
  let icon: SVGElement;
  let badge: HTMLElement;
  let preview: HTMLButtonElement;
  let said: HTMLElement;
  let panel: PanelController | undefined;
  let loading: Promise<PanelController | undefined> | undefined;
  let booted = false;
  let isOpen = false;
  let unread = 0;
  let previewText: string | null = null;

  const emit = (event: WidgetEvent, data?: unknown) =>
    (listeners[event] || []).forEach((fn) => {
      try {
        fn(data);
      } catch (error) {
        console.error(error);
      }
    });
  const locale = (): Locale =>
    pickLocale(chosen, d.documentElement.lang, navigator.languages || [navigator.language], config && config.defaultLocale);
  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, testId: string) => {
    const e = d.createElement(tag);
    e.className = cls;
    e.setAttribute('data-testid', testId);
    return e;
  };

  function render(): void {
    if (!config || !hostEl) return;
    const l = locale();
    const [fallback, unreadWord] = LAUNCHER_TEXT[l];
    const text = config.launcherText[l] || fallback;
    launcher.replaceChildren(icon, text);
    const label = unread ? text + ' (' + unread + ' ' + unreadWord + ')' : text;
    launcher.setAttribute('aria-label', label);
    // A polite status line: a reply that arrives while the chat is closed is announced once.
    const news = unread && !isOpen ? label + (previewText ? ': ' + previewText : '') : '';
    if (said.textContent != news) said.textContent = news;
    launcher.setAttribute('aria-expanded', String(isOpen));
    badge.textContent = String(unread);
    badge.hidden = !unread || isOpen;
    launcher.append(badge);
    preview.textContent = previewText || '';
    preview.hidden = !previewText || !unread || isOpen;
    wrap.className = 'r' + (config.position === 'left' ? ' L' : '') + (isOpen ? ' o' : '');
  }

  function load(): Promise<PanelController | undefined> {
    if (!loading) {
      const into = hostEl;
      loading = (import(/* @vite-ignore */ base + 'widget/' + __PANEL_FILE__) as Promise<{ mount: MountPanel }>)
        .then(({ mount }) => {
          // Shut down (and perhaps started again) while the chunk loaded: not into this widget.
          if (!into || into !== hostEl || !config) return undefined;
          const host: PanelHost = {
            style,
            mount: wrap,
            base,
            siteKey,
            config,
            locale: locale(),
            identity,
            storage,
            emit,
            setUnread(count, text) {
              if (count !== unread) emit('unread', count);
              unread = count;
              previewText = text;
              render();
            },
            requestClose() {
              close();
              launcher.focus();
            },
          };
          return (panel = mount(host));
        })
        .catch((error) => {
          loading = undefined;
          console.error('Sportello: the chat could not load', error);
          return undefined;
        });
    }
    return loading;
  }

  /** Opens the panel; `byShopper` (the launcher was used) moves the focus into it. */
  function open(byShopper?: boolean): void {
    if (isOpen) return;
    isOpen = true;
    show(byShopper);
    emit('open');
  }

  /** Draws the open state; loads the panel first if needed (once the config is known). */
  function show(byShopper?: boolean): void {
    render();
    if (config) void load().then((p) => p && isOpen && p.open(!!byShopper));
  }

  function close(): void {
    if (!isOpen) return;
    isOpen = false;
    render();
    if (panel) panel.close();
    emit('close');
  }

  async function boot(): Promise<void> {
    if (booted || !siteKey) return;
    booted = true;
    try {
      const res = await fetch(base + 'api/v1/widget/config?site=' + encodeURIComponent(siteKey));
      const body = await res.json();
      // Refused (a storefront the site does not allow, an unknown site): the server says why.
      if (!res.ok) throw body.error.message;
      config = body as WidgetConfig;
    } catch (error) {
      booted = false;
      console.warn('Sportello: ' + (typeof error == 'string' ? error : 'no chat for site "' + siteKey + '"'));
      return;
    }
    if (!booted) return; // shut down meanwhile
    // Not on this page (the checkout, say): nothing drawn, nothing loaded.
    if (config.hideOn.some((path) => new RegExp(path).test(location.pathname))) return;
    hostEl = d.createElement('sportello-widget');
    // Inline and !important: beats any theme rule that matches the host element.
    hostEl.style.cssText = 'all:initial!important;position:fixed!important;z-index:2147483647!important;width:0!important;height:0!important';
    const root = hostEl.attachShadow({ mode: 'open' });
    style = (css: string) => addStyle(root, css, config!.theme);
    style(LAUNCHER_CSS);
    wrap = d.createElement('div');
    // The widget's own direction, whatever the page's (`<html dir="rtl">` is inherited).
    wrap.dir = 'ltr';
    launcher = el('button', 'l', 'sportello-launcher');
    icon = chatIcon(d);
    launcher.type = 'button';
    launcher.setAttribute('aria-haspopup', 'dialog');
    badge = el('span', 'n', 'sportello-badge');
    badge.setAttribute('aria-hidden', 'true');
    preview = el('button', 'p', 'sportello-preview');
    preview.type = 'button';
    said = el('span', 's', 'sportello-announce');
    said.setAttribute('role', 'status');
    wrap.append(preview, launcher, said);
    root.append(wrap);
    const intent = () => void load();
    launcher.addEventListener('pointerenter', intent);
    launcher.addEventListener('focus', intent);
    launcher.addEventListener('click', () => (isOpen ? close() : open(true)));
    preview.addEventListener('click', () => open(true));
    // Escape anywhere in the widget (launcher or panel) closes it and returns to the launcher.
    wrap.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && isOpen) {
        close();
        launcher.focus();
      }
    });
    render();
    // Outside <body> (whose transform, filter or contain would make it the box the widget's fixed
    // parts are placed in, and which some themes replace on navigation) and, where the browser has
    // popovers, in the top layer: above any z-index of the page and its overlays, placed against
    // the viewport whatever an ancestor does. Elsewhere it stays last in the document, so it wins
    // ties with the page's own maximum z-index.
    d.documentElement.append(hostEl);
    try {
      hostEl.popover = 'manual';
      hostEl.showPopover();
    } catch {
      // No popovers (older browsers): the fixed host above.
    }
    if (isOpen) show(); // `Sportello('open')` came before the config
    // Open as on the previous page of this tab (not on small screens, where it covers the page).
    try {
      if (sessionStorage.getItem(storageKey(siteKey, 'open')) && matchMedia('(min-width:640px)').matches) open();
    } catch {
      // No sessionStorage: start closed.
    }
    // A returning shopper: load at idle so replies that arrived meanwhile show a badge.
    if (storage && storage.getItem(storageKey(siteKey, 'token'))) {
      const idle = (w as { requestIdleCallback?: (fn: () => void) => void }).requestIdleCallback || ((fn: () => void) => setTimeout(fn, 1500));
      idle(intent);
    }
  }

  /** Removes the widget and forgets the shopper (the store calls it on logout, so the next person on this computer starts afresh). */
  function shutdown(): void {
    if (panel) panel.destroy();
    if (hostEl) hostEl.remove();
    try {
      for (const name of STORED) if (storage) storage.removeItem(storageKey(siteKey, name));
      sessionStorage.removeItem(storageKey(siteKey, 'open'));
    } catch {
      // Blocked storage holds nothing of ours.
    }
    hostEl = panel = loading = config = identity = undefined;
    booted = isOpen = false;
    unread = 0;
    previewText = null;
  }

  const api: Api = (command, arg, fn) => {
    if (command === 'init') {
      const o = (arg || {}) as InitOptions;
      if (o.site) siteKey = o.site;
      if (o.identity) api('identify', o.identity);
      if (o.locale) api('setLocale', o.locale);
      void boot();
    } else if (command === 'open') open();
    else if (command === 'close') close();
    else if (command === 'toggle') isOpen ? close() : open();
    else if (command === 'shutdown') shutdown();
    else if (command === 'identify') {
      identity = arg as Identity;
      if (panel) panel.identify(identity);
    } else if (command === 'setLocale') {
      chosen = arg as string;
      render();
      if (panel) panel.setLocale(locale());
    } else if (command === 'on') (listeners[arg as WidgetEvent] ||= []).push(fn as Listener);
    else if (command === 'off') listeners[arg as WidgetEvent] = (listeners[arg as WidgetEvent] || []).filter((f) => f !== fn);
  };
  api.l = 1;
  w.Sportello = api;
  for (const args of (queued && queued.q) || []) api(...(Array.prototype.slice.call(args) as [string, unknown?, unknown?]));
  void boot();
}
