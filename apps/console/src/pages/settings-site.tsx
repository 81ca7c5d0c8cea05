import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { errorText, post } from '../api';
import { useSession, type SiteSettings, type SiteView } from '../session';
import { ConfirmDialog } from './confirm';
import { SaveRow, useSiteSave } from './site-save';

const DAYS = [
  ['mon', 'Monday'],
  ['tue', 'Tuesday'],
  ['wed', 'Wednesday'],
  ['thu', 'Thursday'],
  ['fri', 'Friday'],
  ['sat', 'Saturday'],
  ['sun', 'Sunday'],
] as const;
type Day = (typeof DAYS)[number][0];
type Hours = Record<Day, { open: boolean; from: string; to: string }>;

/** Every IANA zone this browser knows, with UTC first. */
function timeZones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: 'timeZone') => string[] };
  const zones = intl.supportedValuesOf?.('timeZone') ?? [];
  return ['UTC', ...zones.filter((z) => z !== 'UTC')];
}

function hoursOf(s: SiteSettings): Hours {
  const stored = s.businessHours ?? {};
  return Object.fromEntries(DAYS.map(([day]) => [day, stored[day] ? { open: true, from: stored[day]!.open, to: stored[day]!.close } : { open: false, from: '09:00', to: '18:00' }])) as Hours;
}

/** Opening hours per weekday and the time zone they are in; outside them the widget shows the away message. */
export function BusinessHours({ site }: { site: SiteView }) {
  const initial = useMemo(() => ({ always: !site.settings.businessHours || Object.keys(site.settings.businessHours).length === 0, hours: hoursOf(site.settings), timeZone: site.settings.timeZone ?? 'UTC' }), [site]);
  const [always, setAlways] = useState(initial.always);
  const [hours, setHours] = useState<Hours>(initial.hours);
  const [timeZone, setTimeZone] = useState(initial.timeZone);
  const zones = useMemo(() => {
    const all = timeZones();
    return all.includes(initial.timeZone) ? all : [initial.timeZone, ...all];
  }, [initial.timeZone]);
  const { save, busy, error, setError } = useSiteSave(site);
  const openDays = DAYS.filter(([d]) => hours[d].open);
  const wrong = openDays.filter(([d]) => hours[d].from >= hours[d].to).map(([, name]) => name);
  const payload = always ? {} : Object.fromEntries(openDays.map(([d]) => [d, { open: hours[d].from, close: hours[d].to }]));
  const dirty = timeZone !== initial.timeZone || JSON.stringify(payload) !== JSON.stringify(initial.always ? {} : Object.fromEntries(DAYS.filter(([d]) => initial.hours[d].open).map(([d]) => [d, { open: initial.hours[d].from, close: initial.hours[d].to }])));
  const setDay = (day: Day, change: Partial<Hours[Day]>) => setHours({ ...hours, [day]: { ...hours[day], ...change } });

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!always && openDays.length === 0) return setError('Open at least one day, or choose “Always available”.');
    if (!always && wrong.length) return setError(`Opening must be before closing: ${wrong.join(', ')}.`);
    await save({ settings: { businessHours: payload, timeZone } }, 'Business hours saved');
  };

  return (
    <section class="settings-section" aria-labelledby="hours-title">
      <h2 id="hours-title">Business hours</h2>
      <form class="card" onSubmit={submit} data-testid="hours-form">
        <p class="muted">Outside these hours, or when no one on the team is online, the widget shows your away message and the bot offers to take an email.</p>
        <label>
          Time zone
          <select value={timeZone} onChange={(e) => setTimeZone(e.currentTarget.value)} data-testid="hours-timezone">
            {zones.map((z) => (
              <option value={z} key={z}>
                {z.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        </label>
        <div class="row">
          <label class="inline">
            <input type="radio" name="always" checked={always} onChange={() => setAlways(true)} data-testid="hours-always" />
            Always available
          </label>
          <label class="inline">
            <input type="radio" name="always" checked={!always} onChange={() => setAlways(false)} data-testid="hours-set" />
            Set opening hours
          </label>
        </div>
        {!always && (
          <table class="hours">
            <thead>
              <tr>
                <th>Day</th>
                <th>Open</th>
                <th>From</th>
                <th>To</th>
              </tr>
            </thead>
            <tbody>
              {DAYS.map(([day, name]) => (
                <tr key={day}>
                  <td>{name}</td>
                  <td>
                    <label class="inline">
                      <input type="checkbox" checked={hours[day].open} onChange={(e) => setDay(day, { open: e.currentTarget.checked })} data-testid={`hours-${day}-open`} />
                      {hours[day].open ? 'Open' : 'Closed'}
                    </label>
                  </td>
                  <td>
                    <input type="time" aria-label={`${name} opens at`} value={hours[day].from} disabled={!hours[day].open} required={hours[day].open} onInput={(e) => setDay(day, { from: e.currentTarget.value })} data-testid={`hours-${day}-from`} />
                  </td>
                  <td>
                    <input
                      type="time"
                      aria-label={`${name} closes at`}
                      aria-invalid={hours[day].open && hours[day].from >= hours[day].to}
                      value={hours[day].to}
                      disabled={!hours[day].open}
                      required={hours[day].open}
                      onInput={(e) => setDay(day, { to: e.currentTarget.value })}
                      data-testid={`hours-${day}-to`}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <SaveRow busy={busy} error={error} dirty={dirty} testId="hours-save" />
      </form>
    </section>
  );
}

/** Storefront origins allowed to load the widget; the server checks and normalises each one. */
export function Origins({ site }: { site: SiteView }) {
  const [origins, setOrigins] = useState<string[]>(site.allowedOrigins);
  const [input, setInput] = useState('');
  const [inputError, setInputError] = useState<string | null>(null);
  const { save, busy, error } = useSiteSave(site);
  const field = useRef<HTMLInputElement>(null);
  // The server normalises what it stores: show its list once the sites reload.
  useEffect(() => setOrigins(site.allowedOrigins), [site.allowedOrigins.join(' ')]);

  const store = async (next: string[], message: string) => {
    const before = origins;
    setOrigins(next);
    const ok = await save({ allowedOrigins: next }, message);
    if (!ok) setOrigins(before);
    return ok;
  };

  const add = async (event: Event) => {
    event.preventDefault();
    let value = input.trim().replace(/\/+$/, '');
    if (!value) return;
    if (value !== '*' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) value = `https://${value}`;
    if (value !== '*') {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        return setInputError('That is not a web address. Write it like https://your-shop.com');
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') return setInputError('Only http:// and https:// addresses can show the widget.');
      value = url.origin;
    }
    if (origins.includes(value)) return setInputError(`${value} is in the list already.`);
    setInputError(null);
    if (await store([...origins, value], `${value} added`)) setInput('');
    field.current?.focus();
  };

  return (
    <section class="settings-section" aria-labelledby="origins-title">
      <h2 id="origins-title">Allowed storefronts</h2>
      <div class="card">
        <p class="muted">
          The widget only opens a chat on pages of these origins (scheme, host and port, e.g. <code>https://your-shop.com</code>). Add each address your shop answers on, such as the
          <code>.myshopify.com</code> one.
        </p>
        {origins.length === 0 ? (
          <p class="muted" data-testid="origins-empty">
            No storefront yet: the widget will not open anywhere until you add one.
          </p>
        ) : (
          <ul class="origins" data-testid="origins-list">
            {origins.map((o) => (
              <li key={o}>
                <span>{o === '*' ? '* (any origin: only for testing)' : o}</span>
                <button
                  class="link danger"
                  disabled={busy}
                  onClick={() => store(
                    origins.filter((x) => x !== o),
                    `${o} removed`,
                  )}
                  aria-label={`Remove ${o}`}
                  data-testid="origin-remove"
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}
        <form class="row" onSubmit={add}>
          <input
            ref={field}
            class="grow"
            value={input}
            onInput={(e) => {
              setInput(e.currentTarget.value);
              setInputError(null);
            }}
            placeholder="https://your-shop.com"
            aria-label="Storefront address to allow"
            aria-invalid={!!inputError}
            data-testid="origin-input"
          />
          <button class="primary" type="submit" disabled={busy || !input.trim()} data-testid="origin-add">
            Add
          </button>
        </form>
        {(inputError ?? error) && (
          <p class="error" role="alert" data-testid="origins-error">
            {inputError ?? error}
          </p>
        )}
      </div>
    </section>
  );
}

/** Cents as currency units for the field ("150" or "150.5"), and back. */
const units = (cents: number) => String(cents / 100);

/** What the bot may do about returns on its own. */
export function ReturnPolicy({ site }: { site: SiteView }) {
  const stored = site.settings.returnPolicy ?? { windowDays: 30, nonReturnableTags: [], autoApproveLimitCents: 15_000 };
  const initial = useMemo(() => ({ windowDays: String(stored.windowDays), tags: stored.nonReturnableTags.join(', '), limit: units(stored.autoApproveLimitCents) }), [site]);
  const [form, setForm] = useState(initial);
  const { save, busy, error, setError } = useSiteSave(site);
  const dirty = JSON.stringify(form) !== JSON.stringify(initial);
  const days = Number(form.windowDays);
  const limit = Number(form.limit.replace(',', '.'));
  const daysError = !/^\d+$/.test(form.windowDays.trim()) || days > 365 ? 'A whole number of days, 0 to 365' : null;
  const limitError = !/^\d+([.,]\d{1,2})?$/.test(form.limit.trim()) || limit > 1_000_000 ? 'An amount like 150 or 149.90' : null;

  const submit = async (event: Event) => {
    event.preventDefault();
    if (daysError || limitError) return setError('Check the fields marked in red.');
    const nonReturnableTags = [...new Set(form.tags.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean))];
    await save({ settings: { returnPolicy: { windowDays: days, nonReturnableTags, autoApproveLimitCents: Math.round(limit * 100) } } }, 'Return policy saved');
  };

  return (
    <section class="settings-section" aria-labelledby="returns-title">
      <h2 id="returns-title">Return policy</h2>
      <form class="card" onSubmit={submit} data-testid="returns-form">
        <p class="muted">The bot starts returns that fit this policy by itself and hands the others to your team.</p>
        <div class="form-grid">
          <label>
            Return window (days after delivery)
            <input inputMode="numeric" value={form.windowDays} aria-invalid={!!daysError} onInput={(e) => setForm({ ...form, windowDays: e.currentTarget.value })} data-testid="returns-days" />
            {daysError && <span class="field-error">{daysError}</span>}
          </label>
          <label>
            Approve automatically up to <span class="hint">(in your shop’s currency)</span>
            <input inputMode="decimal" value={form.limit} aria-invalid={!!limitError} onInput={(e) => setForm({ ...form, limit: e.currentTarget.value })} data-testid="returns-limit" />
            {limitError ? <span class="field-error">{limitError}</span> : <span class="hint">Returns worth more wait for an agent’s approval.</span>}
          </label>
        </div>
        <label>
          Product tags that cannot be returned <span class="hint">(comma separated, as tagged in your store)</span>
          <input value={form.tags} onInput={(e) => setForm({ ...form, tags: e.currentTarget.value })} placeholder="underwear, gift-card, final-sale" data-testid="returns-tags" />
        </label>
        <SaveRow busy={busy} error={error} dirty={dirty} testId="returns-save" />
      </form>
    </section>
  );
}

/** The snippet, how to add it to Shopify and WooCommerce, and the identity secret. */
export function Install({ site }: { site: SiteView }) {
  const session = useSession();
  const [confirmRotate, setConfirmRotate] = useState(false);
  const [rotating, setRotating] = useState(false);
  const [showSecret, setShowSecret] = useState(false);
  const snippet = useRef<HTMLTextAreaElement>(null);
  const secret = useRef<HTMLInputElement>(null);

  const copy = async (text: string, field: HTMLTextAreaElement | HTMLInputElement | null, what: string) => {
    try {
      await navigator.clipboard.writeText(text);
      session.toast(`${what} copied`);
    } catch {
      // No clipboard (plain http, or refused): select the text so Ctrl+C copies it.
      field?.focus();
      field?.select();
      session.toast('Press Ctrl+C (⌘C on a Mac) to copy the selected text');
    }
  };

  const rotate = async () => {
    setRotating(true);
    try {
      await post(`/sites/${site.id}/rotate-secret`);
      session.toast('New secret created. Update it in your store now.');
      await session.reloadSites();
      setShowSecret(true);
    } catch (e) {
      session.toast(errorText(e), 'error');
    } finally {
      setRotating(false);
      setConfirmRotate(false);
    }
  };

  return (
    <section class="settings-section" aria-labelledby="install-title">
      <h2 id="install-title">Install</h2>
      <div class="card">
        <h3>The snippet</h3>
        <p class="muted">Paste it into every page of your shop, just before <code>&lt;/body&gt;</code>. Site key: <code data-testid="site-key">{site.key}</code></p>
        <textarea ref={snippet} class="snippet" readOnly rows={2} value={site.snippet} onFocus={(e) => e.currentTarget.select()} aria-label="Snippet" data-testid="install-snippet" />
        <div class="row">
          <button class="primary" onClick={() => copy(site.snippet, snippet.current, 'Snippet')} data-testid="install-copy">
            Copy snippet
          </button>
          <span class="muted small">Then allow your shop’s address under <a href="#/settings/origins">Allowed storefronts</a>.</span>
        </div>
      </div>
      <div class="card">
        <details class="install" open>
          <summary>Shopify</summary>
          <p>Quickest: Online Store → Themes → ⋯ → Edit code → <code>layout/theme.liquid</code>, paste the snippet just before <code>&lt;/body&gt;</code>, and save.</p>
          <p>
            To let the bot recognise signed-in customers and show them their own orders, use the theme snippet in <code>integrations/shopify</code> instead:
          </p>
          <ol class="install-steps">
            <li>Copy the identity secret below into a shop metafield <code>sportello.secret</code> (Settings → Custom data → Shop; only staff can read it).</li>
            <li>
              Add a snippet named <code>sportello</code> with the content of <code>sportello.liquid</code>, and set <code>sportello_host</code> to this server’s address and <code>sportello_site</code> to <code>{site.key}</code>.
            </li>
            <li>
              In <code>layout/theme.liquid</code>, just before <code>&lt;/body&gt;</code>, add <code>{"{% render 'sportello' %}"}</code>.
            </li>
          </ol>
        </details>
        <details class="install">
          <summary>WooCommerce</summary>
          <ol class="install-steps">
            <li>
              Zip the <code>integrations/woocommerce/sportello-chat</code> folder and upload it in WordPress: Plugins → Add New → Upload Plugin, then activate it.
            </li>
            <li>
              Settings → Sportello Chat: the Sportello address (this server), the site key <code>{site.key}</code> and the identity secret below. The plugin adds the chat to every page and tells Sportello who signed-in
              customers are.
            </li>
          </ol>
        </details>
        <details class="install">
          <summary>Any other website</summary>
          <p>Paste the snippet before <code>&lt;/body&gt;</code> of your page template.</p>
        </details>
      </div>
      {site.secret !== undefined && (
        <div class="card">
          <h3>Identity secret</h3>
          <p class="muted">Your store signs signed-in customers’ ids with it, so the bot can trust who they are. Keep it on the server side of your store: never put it in a page.</p>
          <div class="row">
            <input ref={secret} class="grow secret" readOnly type={showSecret ? 'text' : 'password'} value={site.secret} aria-label="Identity secret" data-testid="install-secret" />
            <button onClick={() => setShowSecret(!showSecret)} aria-pressed={showSecret}>
              {showSecret ? 'Hide' : 'Show'}
            </button>
            <button
              onClick={() => {
                setShowSecret(true);
                copy(site.secret!, secret.current, 'Secret');
              }}
            >
              Copy
            </button>
            <button class="danger" onClick={() => setConfirmRotate(true)} data-testid="install-rotate">
              Rotate…
            </button>
          </div>
        </div>
      )}
      {confirmRotate && (
        <ConfirmDialog title="Create a new identity secret?" confirmLabel="Rotate the secret" busy={rotating} onCancel={() => setConfirmRotate(false)} onConfirm={rotate}>
          <p>The current secret stops working at once: signed-in customers show as unverified until you paste the new secret into Shopify or WooCommerce.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

/** The site's name (shown on the widget's panel), how long finished conversations are kept, and the files shoppers may send. */
export function General({ site }: { site: SiteView }) {
  const initial = useMemo(() => {
    const types = site.settings.fileTypes ?? ['image', 'pdf'];
    return { name: site.name, keep: site.settings.retentionDays ? 'days' : 'forever', days: String(site.settings.retentionDays ?? 365), photos: types.includes('image'), pdfs: types.includes('pdf'), maxMb: String(site.settings.fileMaxMb ?? 10) };
  }, [site]);
  const [form, setForm] = useState(initial);
  const { save, busy, error, setError } = useSiteSave(site);
  const dirty = JSON.stringify(form) !== JSON.stringify(initial);
  const days = Number(form.days);
  const daysError = form.keep === 'days' && (!/^\d+$/.test(form.days.trim()) || days < 1 || days > 3650) ? 'A whole number of days, 1 to 3650' : null;
  const mbError = !/^\d+$/.test(form.maxMb.trim()) || Number(form.maxMb) < 1 || Number(form.maxMb) > 25 ? 'A whole number of MB, 1 to 25' : null;

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!form.name.trim()) return setError('Give the site a name.');
    if (daysError) return setError(daysError);
    if (mbError) return setError(mbError);
    const fileTypes = [...(form.photos ? ['image' as const] : []), ...(form.pdfs ? ['pdf' as const] : [])];
    await save({ name: form.name.trim(), settings: { retentionDays: form.keep === 'days' ? days : null, fileTypes, fileMaxMb: Number(form.maxMb) } }, 'Site saved');
  };

  return (
    <section class="settings-section" aria-labelledby="general-title">
      <h2 id="general-title">Site and privacy</h2>
      <form class="card" onSubmit={submit} data-testid="general-form">
        <label>
          Site name <span class="hint">shown at the top of the chat panel</span>
          <input required maxLength={120} value={form.name} onInput={(e) => setForm({ ...form, name: e.currentTarget.value })} data-testid="general-name" />
        </label>
        <fieldset class="plain">
          <legend class="label-like">Keep finished conversations</legend>
          <label class="inline">
            <input type="radio" name="keep" checked={form.keep === 'forever'} onChange={() => setForm({ ...form, keep: 'forever' })} />
            Keep them
          </label>
          <label class="inline">
            <input type="radio" name="keep" checked={form.keep === 'days'} onChange={() => setForm({ ...form, keep: 'days' })} data-testid="general-retention" />
            Erase them
            <input class="narrow" inputMode="numeric" aria-label="Days to keep" value={form.days} disabled={form.keep !== 'days'} aria-invalid={!!daysError} onInput={(e) => setForm({ ...form, days: e.currentTarget.value })} data-testid="general-days" />
            days after their last activity
          </label>
          {daysError && <span class="field-error">{daysError}</span>}
          <span class="hint">Applies to resolved and closed conversations and to those left with the bot. Erasing removes their messages and the shopper’s details for good, and reports stop counting them.</span>
        </fieldset>
        <fieldset class="plain">
          <legend class="label-like">Files shoppers may send</legend>
          <label class="inline">
            <input type="checkbox" checked={form.photos} onChange={(e) => setForm({ ...form, photos: e.currentTarget.checked })} data-testid="general-photos" />
            Photos (JPEG, PNG, WebP, GIF)
          </label>
          <label class="inline">
            <input type="checkbox" checked={form.pdfs} onChange={(e) => setForm({ ...form, pdfs: e.currentTarget.checked })} data-testid="general-pdfs" />
            PDF documents
          </label>
          <label class="inline">
            Up to
            <input class="narrow" inputMode="numeric" aria-label="Largest file in MB" value={form.maxMb} aria-invalid={!!mbError} onInput={(e) => setForm({ ...form, maxMb: e.currentTarget.value })} data-testid="general-max-mb" />
            MB each (agents too)
          </label>
          {mbError && <span class="field-error">{mbError}</span>}
          <span class="hint">Photos are re-encoded without their location and camera data. With neither kind, the chat shows no attach button. Files go with their conversation when it is erased.</span>
        </fieldset>
        <SaveRow busy={busy} error={error} dirty={dirty} testId="general-save" />
      </form>
    </section>
  );
}
