import type { Card } from '@sportello/protocol';
import { safeHref } from '../core/link';
import { fill, type Texts } from '../locales/en';
import { formatDate } from './time-format';
import css from './card-view.css?inline';
import { useRef } from 'preact/hooks';
import { useShadowStyle } from './shadow-style';

/**
 * A structured card of a bot message: where an order is, or a return that was started. Its own
 * chunk, with its styles (added to the shadow root on first use).
 */
export function CardView({ card, t, locale }: { card: Card; t: Texts; locale: string }) {
  const ref = useRef<HTMLElement>(null);
  useShadowStyle(ref, css);
  if (card.type === 'product') return null; // TODO(products): the product card
  const items = (
    <ul>
      {card.items.map((item, i) => (
        <li key={i}>
          {item.quantity} × {item.name}
        </li>
      ))}
    </ul>
  );
  if (card.type === 'order_status') {
    const href = safeHref(card.trackingUrl);
    return (
      <section ref={ref} class="card" data-testid="sportello-card" data-card="order_status" aria-label={fill(t.order, { n: card.orderNumber })}>
        <h3>{fill(t.order, { n: card.orderNumber })}</h3>
        <dl>
          <dt>{t.orderStatus}</dt>
          <dd>{card.status}</dd>
          {card.carrier && (
            <>
              <dt>{t.carrier}</dt>
              <dd>{card.carrier}</dd>
            </>
          )}
          {card.trackingNumber && (
            <>
              <dt>{t.trackingNumber}</dt>
              <dd>{card.trackingNumber}</dd>
            </>
          )}
          {card.expectedAt && (
            <>
              <dt>{t.expected}</dt>
              <dd>{formatDate(card.expectedAt, locale)}</dd>
            </>
          )}
        </dl>
        {items}
        {href && (
          <a class="btn" href={href} target="_blank" rel="noopener noreferrer" data-testid="sportello-tracking-link">
            {t.track}
            <span class="sr"> {t.opensInNewTab}</span>
          </a>
        )}
      </section>
    );
  }
  if (card.type === 'return') {
    return (
      <section ref={ref} class="card" data-testid="sportello-card" data-card="return" aria-label={fill(t.returnRef, { n: card.reference })}>
        <h3>{fill(t.returnRef, { n: card.reference })}</h3>
        <dl>
          <dt>{fill(t.order, { n: '' }).trim()}</dt>
          <dd>{card.orderNumber}</dd>
          <dt>{t.orderStatus}</dt>
          <dd>{card.status}</dd>
        </dl>
        {items}
        <p>
          <strong>{t.nextSteps}: </strong>
          {card.nextSteps}
        </p>
      </section>
    );
  }
  return null;
}
