import type { Card, OrderStatus, ReturnStatus } from '@sportello/protocol';
import { safeHref } from '@sportello/protocol/message-text';
import { money } from '@sportello/protocol/money';
import { fill, type Texts } from '../locales/en';
import { EN_CARDS, type CardTexts } from '../locales/en-cards';
import { formatDate } from './time-format';
import css from './card-view.css?inline';
import { useRef } from 'preact/hooks';
import { useShadowStyle } from './shadow-style';

/**
 * A structured card of a bot message: where an order is, a return that was started, or a product
 * the shopper asked about. Its own chunk, with its styles (added to the shadow root on first use).
 */

/** A card's text in the shopper's language (English from its own module: see locales/en-cards.ts). */
const cardText = (t: Texts, key: keyof CardTexts): string => (t as Partial<CardTexts>)[key] ?? EN_CARDS[key];

export function CardView({ card, t, locale }: { card: Card; t: Texts; locale: string }) {
  const ref = useRef<HTMLElement>(null);
  useShadowStyle(ref, css);
  if (card.type === 'product') {
    const href = safeHref(card.url);
    const image = safeHref(card.imageUrl);
    const stock = card.availability === 'in_stock' ? cardText(t, 'inStock') : card.availability === 'low_stock' ? cardText(t, 'lowStock') : cardText(t, 'outOfStock');
    return (
      <section ref={ref} class="card product" data-testid="sportello-card" data-card="product" aria-label={card.title}>
        {image && <img src={image} alt={card.title} width={72} height={72} loading="lazy" decoding="async" />}
        <div>
          <h3>{card.title}</h3>
          {card.variant && <p>{card.variant}</p>}
          <p class="price" data-testid="sportello-product-price">
            <strong>{money(card.priceCents, card.currency, locale)}</strong>
            {card.compareAtPriceCents !== null && card.compareAtPriceCents > card.priceCents && (
              <>
                {' '}
                <s>
                  <span class="sr">{cardText(t, 'was')} </span>
                  {money(card.compareAtPriceCents, card.currency, locale)}
                </s>
              </>
            )}
          </p>
          <p class={'stock ' + card.availability} data-testid="sportello-product-stock">
            {stock}
          </p>
          {href && (
            <a class="btn" href={href} target="_blank" rel="noopener noreferrer" data-testid="sportello-product-link">
              {cardText(t, 'viewProduct')}
              <span class="sr"> {t.opensInNewTab}</span>
            </a>
          )}
        </div>
      </section>
    );
  }
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
      <section ref={ref} class="card" data-testid="sportello-card" data-card="order_status" aria-label={fill(cardText(t, 'order'), { n: card.orderNumber })}>
        <h3>{fill(cardText(t, 'order'), { n: card.orderNumber })}</h3>
        <dl>
          <dt>{cardText(t, 'orderStatus')}</dt>
          <dd data-status={card.status}>{cardText(t, `order_${card.status as OrderStatus}`) ?? card.status}</dd>
          {card.carrier && (
            <>
              <dt>{cardText(t, 'carrier')}</dt>
              <dd>{card.carrier}</dd>
            </>
          )}
          {card.trackingNumber && (
            <>
              <dt>{cardText(t, 'trackingNumber')}</dt>
              <dd>{card.trackingNumber}</dd>
            </>
          )}
          {card.expectedAt && (
            <>
              <dt>{cardText(t, 'expected')}</dt>
              <dd>{formatDate(card.expectedAt, locale)}</dd>
            </>
          )}
        </dl>
        {items}
        {href && (
          <a class="btn" href={href} target="_blank" rel="noopener noreferrer" data-testid="sportello-tracking-link">
            {cardText(t, 'track')}
            <span class="sr"> {t.opensInNewTab}</span>
          </a>
        )}
      </section>
    );
  }
  if (card.type === 'return') {
    return (
      <section ref={ref} class="card" data-testid="sportello-card" data-card="return" aria-label={fill(cardText(t, 'returnRef'), { n: card.reference })}>
        <h3>{fill(cardText(t, 'returnRef'), { n: card.reference })}</h3>
        <dl>
          <dt>{fill(cardText(t, 'order'), { n: '' }).trim()}</dt>
          <dd>{card.orderNumber}</dd>
          <dt>{cardText(t, 'orderStatus')}</dt>
          <dd data-status={card.status}>{cardText(t, `return_${card.status as ReturnStatus}`) ?? card.status}</dd>
        </dl>
        {items}
        <p>
          <strong>{cardText(t, 'nextSteps')}: </strong>
          {card.nextSteps}
        </p>
      </section>
    );
  }
  return null;
}
