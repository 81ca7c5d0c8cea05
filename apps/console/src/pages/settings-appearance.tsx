import { useMemo, useState } from 'preact/hooks';
import { textOn } from '@sportello/protocol/colors';
import { HIDE_ON_PATH, LAUNCHER_OFFSET_DEFAULT, LAUNCHER_OFFSET_MAX } from '@sportello/protocol/widget-settings';
import type { SiteSettings, SiteView } from '../session';
import { LOCALES, localeName } from './labels';
import { SaveRow, useSiteSave } from './site-save';

/**
 * What the widget shows when the merchant wrote nothing: a copy of the widget's own defaults
 * (packages/widget: the loader's launcher text and the panel's locale files), for placeholders and
 * the preview. The console cannot import the widget's source, so they are repeated here.
 */
const WIDGET_DEFAULTS: Record<string, { launcher: string; greeting: string; away: string; placeholder: string }> = {
  en: { launcher: 'Chat with us', greeting: 'Hi! How can we help you today?', away: 'Our team is away right now.', placeholder: 'Write a message…' },
  it: { launcher: 'Scrivici', greeting: 'Ciao! Come possiamo aiutarti oggi?', away: 'Il nostro team ora non è disponibile.', placeholder: 'Scrivi un messaggio…' },
  de: { launcher: 'Schreib uns', greeting: 'Hallo! Wie können wir dir heute helfen?', away: 'Unser Team ist gerade nicht erreichbar.', placeholder: 'Nachricht schreiben…' },
  fr: { launcher: 'Écrivez-nous', greeting: 'Bonjour ! Comment pouvons-nous vous aider ?', away: 'Notre équipe est absente pour le moment.', placeholder: 'Écrivez un message…' },
  es: { launcher: 'Escríbenos', greeting: '¡Hola! ¿En qué podemos ayudarte hoy?', away: 'Nuestro equipo no está disponible ahora.', placeholder: 'Escribe un mensaje…' },
};
const defaultsFor = (locale: string) => WIDGET_DEFAULTS[locale] ?? WIDGET_DEFAULTS.en!;

const HEX = /^#[0-9a-fA-F]{6}$/;

interface Look {
  color: string;
  position: 'right' | 'left';
  offsetBottom: number;
  offsetSide: number;
  /** One path per line. */
  hideOn: string;
  locales: string[];
  defaultLocale: string;
  launcherText: Record<string, string>;
  greeting: Record<string, string>;
  offlineText: Record<string, string>;
  botEnabled: boolean;
  botName: string;
}

/** The stored settings with the server's defaults filled in. */
function lookOf(s: SiteSettings): Look {
  const defaultLocale = s.defaultLocale ?? 'en';
  return {
    color: s.color ?? '#1f6feb',
    position: s.position ?? 'right',
    offsetBottom: s.launcherOffset?.bottom ?? LAUNCHER_OFFSET_DEFAULT,
    offsetSide: s.launcherOffset?.side ?? LAUNCHER_OFFSET_DEFAULT,
    hideOn: (s.hideOn ?? []).join('\n'),
    locales: s.locales?.length ? s.locales : [defaultLocale],
    defaultLocale,
    launcherText: { ...s.launcherText },
    greeting: { ...s.greeting },
    offlineText: { ...s.offlineText },
    botEnabled: s.botEnabled !== false,
    botName: s.botName ?? 'Assistant',
  };
}

/** Texts of the chosen locales only, without empty ones (the widget's default then applies). */
function texts(record: Record<string, string>, locales: string[]): Record<string, string> {
  return Object.fromEntries(locales.map((l) => [l, (record[l] ?? '').trim()] as const).filter(([, v]) => v));
}

/** The paths of the hide-on field: one per line, blank lines dropped, a leading / added. */
function hidePaths(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((path) => (path.startsWith('/') ? path : `/${path}`));
}

function toSettings(look: Look): Partial<SiteSettings> {
  return {
    color: look.color.toLowerCase(),
    position: look.position,
    launcherOffset: { bottom: look.offsetBottom, side: look.offsetSide },
    hideOn: hidePaths(look.hideOn),
    locales: look.locales,
    defaultLocale: look.defaultLocale,
    launcherText: texts(look.launcherText, look.locales),
    greeting: texts(look.greeting, look.locales),
    offlineText: texts(look.offlineText, look.locales),
    botEnabled: look.botEnabled,
    botName: look.botName.trim(),
  };
}

/** Colour, position, texts per language and the bot's switch and name, with a live preview. */
export function Appearance({ site }: { site: SiteView }) {
  const initial = useMemo(() => lookOf(site.settings), [site]);
  const [look, setLook] = useState<Look>(initial);
  const [colorText, setColorText] = useState(initial.color);
  const { save, busy, error, setError } = useSiteSave(site);
  const dirty = JSON.stringify(toSettings(look)) !== JSON.stringify(toSettings(initial));
  const set = (change: Partial<Look>) => setLook({ ...look, ...change });
  const setText = (field: 'launcherText' | 'greeting' | 'offlineText', locale: string, value: string) => set({ [field]: { ...look[field], [locale]: value } });

  const toggleLocale = (locale: string, on: boolean) => {
    const locales = on ? LOCALES.filter((l) => l === locale || look.locales.includes(l)) : look.locales.filter((l) => l !== locale);
    if (!locales.length) return;
    set({ locales, defaultLocale: locales.includes(look.defaultLocale) ? look.defaultLocale : locales[0]! });
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!HEX.test(look.color)) return setError('The colour must look like #1f6feb.');
    if (look.botEnabled && !look.botName.trim()) return setError('Give the bot a name shoppers will see.');
    const offsets = [look.offsetBottom, look.offsetSide];
    if (offsets.some((n) => !Number.isInteger(n) || n < 0 || n > LAUNCHER_OFFSET_MAX)) return setError(`The launcher’s distances are whole pixels from 0 to ${LAUNCHER_OFFSET_MAX}.`);
    const badPath = hidePaths(look.hideOn).find((path) => !HIDE_ON_PATH.test(path));
    if (badPath) return setError(`“${badPath}” is not a path like /checkout or /account/* (no spaces, at most two *).`);
    await save({ settings: toSettings(look) }, 'Widget appearance saved');
  };

  const colorValid = HEX.test(colorText);

  return (
    <section class="settings-section" aria-labelledby="appearance-title">
      <h2 id="appearance-title">Widget appearance</h2>
      <div class="appearance-layout">
        <form class="card" onSubmit={submit} data-testid="appearance-form">
          <div class="form-grid">
            <label>
              Colour
              <span class="color-field">
                <input
                  type="color"
                  aria-label="Pick the colour"
                  value={HEX.test(look.color) ? look.color : '#1f6feb'}
                  onInput={(e) => {
                    set({ color: e.currentTarget.value });
                    setColorText(e.currentTarget.value);
                  }}
                  data-testid="appearance-color-picker"
                />
                <input
                  type="text"
                  aria-label="Colour as hex"
                  aria-invalid={!colorValid}
                  value={colorText}
                  maxLength={7}
                  onInput={(e) => {
                    const v = e.currentTarget.value.trim();
                    setColorText(v);
                    if (HEX.test(v)) set({ color: v });
                  }}
                  data-testid="appearance-color"
                />
              </span>
              {!colorValid && <span class="field-error">A colour like #1f6feb</span>}
            </label>
            <fieldset class="plain">
              <legend class="label-like">Position</legend>
              <div class="row">
                {(['right', 'left'] as const).map((p) => (
                  <label class="inline" key={p}>
                    <input type="radio" name="position" value={p} checked={look.position === p} onChange={() => set({ position: p })} data-testid={`appearance-position-${p}`} />
                    Bottom {p}
                  </label>
                ))}
              </div>
            </fieldset>
            <label>
              From the bottom <span class="hint">px</span>
              <input type="number" min={0} max={LAUNCHER_OFFSET_MAX} step={1} value={look.offsetBottom} onInput={(e) => set({ offsetBottom: e.currentTarget.valueAsNumber })} data-testid="appearance-offset-bottom" />
            </label>
            <label>
              From the side <span class="hint">px</span>
              <input type="number" min={0} max={LAUNCHER_OFFSET_MAX} step={1} value={look.offsetSide} onInput={(e) => set({ offsetSide: e.currentTarget.valueAsNumber })} data-testid="appearance-offset-side" />
            </label>
          </div>
          <label>
            Hide the chat on these pages <span class="hint">one path per line, like /checkout or /account/* (* is anything)</span>
            <textarea rows={2} value={look.hideOn} placeholder="/checkout" onInput={(e) => set({ hideOn: e.currentTarget.value })} data-testid="appearance-hide-on" />
          </label>

          <fieldset class="plain">
            <legend class="label-like">Languages of the widget</legend>
            <div class="row">
              {LOCALES.map((l) => (
                <label class="inline" key={l}>
                  <input type="checkbox" checked={look.locales.includes(l)} disabled={look.locales.length === 1 && look.locales.includes(l)} onChange={(e) => toggleLocale(l, e.currentTarget.checked)} />
                  {localeName(l)}
                </label>
              ))}
            </div>
            <label class="inline">
              Default language
              <select value={look.defaultLocale} onChange={(e) => set({ defaultLocale: e.currentTarget.value })} data-testid="appearance-default-locale">
                {look.locales.map((l) => (
                  <option value={l} key={l}>
                    {localeName(l)}
                  </option>
                ))}
              </select>
              <span class="hint">used when the page’s language is none of these</span>
            </label>
          </fieldset>

          <div class="locale-texts">
            {look.locales.map((l) => (
              <fieldset key={l}>
                <legend>{localeName(l)}</legend>
                <label>
                  Launcher text
                  <input maxLength={60} value={look.launcherText[l] ?? ''} placeholder={defaultsFor(l).launcher} onInput={(e) => setText('launcherText', l, e.currentTarget.value)} data-testid={`appearance-launcher-${l}`} />
                </label>
                <label>
                  Greeting <span class="hint">the first message shoppers see</span>
                  <textarea rows={2} maxLength={500} value={look.greeting[l] ?? ''} placeholder={defaultsFor(l).greeting} onInput={(e) => setText('greeting', l, e.currentTarget.value)} data-testid={`appearance-greeting-${l}`} />
                </label>
                <label>
                  Away message <span class="hint">shown outside business hours and when nobody is online</span>
                  <textarea rows={2} maxLength={500} value={look.offlineText[l] ?? ''} placeholder={defaultsFor(l).away} onInput={(e) => setText('offlineText', l, e.currentTarget.value)} data-testid={`appearance-offline-${l}`} />
                </label>
              </fieldset>
            ))}
          </div>

          <div class="form-grid">
            <label class="inline">
              <input type="checkbox" checked={look.botEnabled} onChange={(e) => set({ botEnabled: e.currentTarget.checked })} data-testid="appearance-bot-enabled" />
              The bot answers first <span class="hint">(off: every chat goes straight to your team)</span>
            </label>
            <label>
              Bot name
              <input maxLength={60} value={look.botName} disabled={!look.botEnabled} onInput={(e) => set({ botName: e.currentTarget.value })} data-testid="appearance-bot-name" />
            </label>
          </div>
          <SaveRow busy={busy} error={error} dirty={dirty} testId="appearance-save" />
        </form>
        <WidgetPreview look={look} siteName={site.name} />
      </div>
    </section>
  );
}

/** A drawing of the widget on a storefront, redrawn as the merchant types (the real widget is not loaded). */
function WidgetPreview({ look, siteName }: { look: Look; siteName: string }) {
  const [locale, setLocale] = useState(look.defaultLocale);
  const [away, setAway] = useState(false);
  const [open, setOpen] = useState(true);
  const l = look.locales.includes(locale) ? locale : look.defaultLocale;
  const d = defaultsFor(l);
  const color = HEX.test(look.color) ? look.color : '#1f6feb';
  const ink = textOn(color);
  const side = look.position === 'left' ? 'wp-left' : 'wp-right';
  return (
    <aside class="widget-preview" aria-label="Live preview of the widget">
      <div class="wp-page" data-testid="widget-preview" data-position={look.position}>
        <div class="wp-shop" aria-hidden="true">
          <span />
          <span />
          <span />
          <span />
        </div>
        {open && (
          <div class={`wp-panel ${side}`} data-testid="preview-panel">
            <header style={{ background: color, color: ink }} data-testid="preview-header">
              <span>{siteName}</span>
              <span aria-hidden="true">×</span>
            </header>
            <div class="wp-messages">
              {look.botEnabled && <span class="wp-name">{look.botName.trim() || 'Assistant'}</span>}
              <div class="wp-bubble" data-testid="preview-greeting">
                {look.greeting[l]?.trim() || d.greeting}
              </div>
              {away && (
                <div class="wp-offline" data-testid="preview-offline">
                  {look.offlineText[l]?.trim() || d.away}
                </div>
              )}
            </div>
            <div class="wp-composer">{d.placeholder}</div>
          </div>
        )}
        <button type="button" class={`wp-launcher ${side}`} style={{ background: color, color: ink }} onClick={() => setOpen(!open)} aria-expanded={open} data-testid="preview-launcher">
          <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" fill="currentColor">
            <path d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z" />
          </svg>
          {look.launcherText[l]?.trim() || d.launcher}
        </button>
      </div>
      <div class="preview-controls">
        {look.locales.length > 1 && (
          <select aria-label="Preview language" value={l} onChange={(e) => setLocale(e.currentTarget.value)}>
            {look.locales.map((x) => (
              <option value={x} key={x}>
                {localeName(x)}
              </option>
            ))}
          </select>
        )}
        <label class="inline">
          <input type="checkbox" checked={away} onChange={(e) => setAway(e.currentTarget.checked)} />
          Show as away
        </label>
        <span class="muted small">Click the bubble to open or close the panel.</span>
      </div>
    </aside>
  );
}
