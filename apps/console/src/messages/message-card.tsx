import type { Card } from '@sportello/protocol';
import { safeHref } from '@sportello/protocol/message-text';
import { money } from '@sportello/protocol/money';
import './messages.css';

const AVAILABILITY: Record<'in_stock' | 'low_stock' | 'out_of_stock', string> = {
  in_stock: 'in stock',
  low_stock: 'low stock',
  out_of_stock: 'out of stock',
};

function Items({ items }: { items: { name: string; quantity: number }[] }) {
  return (
    <ul>
      {items.map((item, i) => (
        <li key={i}>
          {item.quantity} × {item.name}
        </li>
      ))}
    </ul>
  );
}

/**
 * The card a bot message carried (order status, return, product), as agents see it in the history
 * and in the bot tester. The product's picture is left out: the console's CSP loads images from its
 * own origin only, and the shop's pictures live elsewhere.
 */
export function MessageCard({ card }: { card: Card }) {
  if (card.type === 'order_status') {
    const tracking = safeHref(card.trackingUrl);
    return (
      <div class="msg-card" data-testid="card" data-card="order_status">
        <div class="row">
          <strong class="grow">Order {card.orderNumber}</strong>
          <span class="chip">{card.status.replace(/_/g, ' ')}</span>
        </div>
        <Items items={card.items} />
        {card.trackingNumber && (
          <div class="small">
            {card.carrier ?? 'Tracking'}:{' '}
            {tracking ? (
              <a href={tracking} target="_blank" rel="noopener noreferrer">
                {card.trackingNumber}
              </a>
            ) : (
              card.trackingNumber
            )}
          </div>
        )}
        {card.expectedAt && <div class="small muted">Expected {new Date(card.expectedAt).toLocaleDateString()}</div>}
      </div>
    );
  }
  if (card.type === 'product') {
    const href = safeHref(card.url);
    return (
      <div class="msg-card" data-testid="card" data-card="product">
        <div class="row">
          <strong class="grow">{card.title}</strong>
          <span class={`chip ${card.availability}`} data-testid="card-availability">
            {AVAILABILITY[card.availability]}
          </span>
        </div>
        <div class="small">
          {card.variant && <span>{card.variant} · </span>}
          <strong data-testid="card-price">{money(card.priceCents, card.currency)}</strong>
          {card.compareAtPriceCents !== null && card.compareAtPriceCents > card.priceCents && (
            <>
              {' '}
              <s class="muted" title="Price before the markdown">
                {money(card.compareAtPriceCents, card.currency)}
              </s>
            </>
          )}
        </div>
        {href && (
          <div class="small">
            <a href={href} target="_blank" rel="noopener noreferrer" data-testid="card-link">
              View product
            </a>
          </div>
        )}
      </div>
    );
  }
  return (
    <div class="msg-card" data-testid="card" data-card="return">
      <div class="row">
        <strong class="grow">
          Return {card.reference} · order {card.orderNumber}
        </strong>
        <span class="chip">{card.status.replace(/_/g, ' ')}</span>
      </div>
      <Items items={card.items} />
      <div class="small muted">{card.nextSteps}</div>
    </div>
  );
}
