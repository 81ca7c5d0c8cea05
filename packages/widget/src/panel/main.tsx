import { render } from 'preact';
import type { Message } from '@sportello/protocol';
import { storageKey, type MountPanel } from '../core/host';
import type { Locale } from '../core/locale';
import { en, fill, type Texts } from '../locales/en';
import { loadTexts } from '../locales/index';
import { ChatClient } from './chat-client';
import { PanelView } from './panel-view';
import { setStyleAdder } from './style-adder';
import css from './panel.css?inline';

/**
 * The panel module, imported by the loader on first intent. Renders into the loader's shadow
 * root; connects at once when this browser already has a conversation (to show unread replies),
 * else on the first open.
 */
export const mount: MountPanel = (host) => {
  host.style(css);
  setStyleAdder(host.style);
  const el = document.createElement('div');
  host.mount.append(el);

  let open = false;
  /** Bumped each time the shopper opens the panel: the composer takes the focus. */
  let focusRequest = 0;
  let locale: Locale = host.locale;
  let t: Texts = en;
  /** False until the locale's texts are there: no flash of English before Italian. */
  let ready = false;
  let announcement = '';
  let scheduled = false;
  let lastUnread = -1;
  let lastPreview: string | null = null;

  const client = new ChatClient({
    base: host.base,
    siteKey: host.siteKey,
    locale,
    identity: host.identity,
    storage: host.storage,
    onChange: update,
    onIncoming(m: Message) {
      host.emit('message', m);
      const name = m.author.name || (m.author.type === 'bot' ? t.bot : t.agent);
      announcement = fill(t.newMessage, { name, text: m.body.slice(0, 300) });
    },
  });

  function draw(): void {
    scheduled = false;
    const visible = open && document.visibilityState === 'visible';
    if (visible) client.markSeen();
    const { count, preview } = client.unread();
    const shown = visible ? 0 : count;
    if (shown !== lastUnread || preview !== lastPreview) {
      lastUnread = shown;
      lastPreview = preview;
      host.setUnread(shown, preview);
    }
    if (!ready) return;
    render(
      <PanelView client={client} t={t} locale={locale} config={host.config} open={open} focusRequest={focusRequest} announcement={announcement} onClose={host.requestClose} base={host.base} />,
      el,
    );
  }

  /** Batches the many changes of one tick into one render. */
  function update(): void {
    if (scheduled) return;
    scheduled = true;
    void Promise.resolve().then(draw);
  }

  function setLocale(next: Locale): void {
    locale = next;
    client.setLocale(next);
    void loadTexts(next).then((texts) => {
      if (locale !== next) return;
      t = texts;
      ready = true;
      update();
    });
  }

  const onVisibility = () => update();
  document.addEventListener('visibilitychange', onVisibility);
  setLocale(locale);
  if (host.storage?.getItem(storageKey(host.siteKey, 'token'))) client.connect();

  /** Remembers in this tab whether the panel is open, so the next page opens it again. */
  function keepOpen(value: boolean): void {
    try {
      if (value) sessionStorage.setItem(storageKey(host.siteKey, 'open'), '1');
      else sessionStorage.removeItem(storageKey(host.siteKey, 'open'));
    } catch {
      // No sessionStorage: each page starts closed.
    }
  }

  return {
    open(focus) {
      open = true;
      if (focus) focusRequest++;
      keepOpen(true);
      client.connect();
      update();
    },
    close() {
      open = false;
      keepOpen(false);
      client.setTyping(false);
      update();
    },
    setLocale,
    identify: (identity) => client.identify(identity),
    destroy() {
      document.removeEventListener('visibilitychange', onVisibility);
      client.destroy();
      render(null, el);
      el.remove();
    },
  };
};
