import { useState } from 'preact/hooks';
import type { WidgetConfig } from '../core/host';
import { fill, type Texts } from '../locales/en';
import type { ChatClient } from './chat-client';
import { formatOpening } from './time-format';

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Shown when no human can answer now (outside business hours, or nobody of the team online, as the
 * server says live) and no agent has this chat (the panel decides): when one will (in the store's
 * time zone, named), that the assistant can help meanwhile, and a field to leave an email. Its own
 * chunk, fetched the first time it shows. `nextOpening`: the panel's reading of the business hours.
 */
export function AwayNotice({ client, t, config, locale, nextOpening }: { client: ChatClient; t: Texts; config: WidgetConfig; locale: string; nextOpening: Date | null }) {
  const [email, setEmail] = useState('');
  const [invalid, setInvalid] = useState(false);
  const when = nextOpening ? fill(t.backAt, { when: formatOpening(nextOpening, locale, config.timeZone) }) : t.backSoon;
  return (
    <aside class="away" data-testid="sportello-away">
      <p>
        <strong>{config.offlineText[locale] || t.awayTitle}</strong>
      </p>
      <p data-testid="sportello-next-opening">
        {when} {t.botMeanwhile}
      </p>
      {client.email ? (
        <p data-testid="sportello-email-saved">{fill(t.emailSaved, { email: client.email })}</p>
      ) : (
        <form
          class="row"
          data-testid="sportello-email-form"
          onSubmit={(e) => {
            e.preventDefault();
            const value = email.trim();
            if (!EMAIL_RE.test(value) || value.length > 254) return setInvalid(true);
            client.leaveEmail(value);
          }}
        >
          <label class="full">
            {t.emailAsk}
            <input
              type="email"
              autoComplete="email"
              value={email}
              aria-label={t.emailLabel}
              aria-invalid={invalid}
              data-testid="sportello-email"
              onInput={(e) => (setEmail(e.currentTarget.value), setInvalid(false))}
            />
          </label>
          <button type="submit" class="btn">
            {t.emailSave}
          </button>
          {invalid && (
            <p class="err full" role="alert">
              {t.emailInvalid}
            </p>
          )}
        </form>
      )}
    </aside>
  );
}
