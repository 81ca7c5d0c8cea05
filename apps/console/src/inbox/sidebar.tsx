import { Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AgentConversation, ConversationContext as Context } from '@sportello/protocol';
import { errorText, get, post } from '../api';
import { useSession } from '../session';
import { clock } from './views';
import { ShopperText } from '../messages/shopper-text';
import { MessageFiles } from '../messages/message-body';
import { safeHref } from '@sportello/protocol/message-text';
import { money } from '@sportello/protocol/money';


/**
 * An e-mail address that may wrap before its `@` and its dots (where a reader expects a break),
 * so that a long one is read in full in the narrow column; `overflow-wrap` breaks any longer part.
 */
function Email({ address }: { address: string }) {
  const pieces = address.split(/(?=[@.])/);
  return (
    <span class="email">
      {pieces.map((piece, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {piece}
        </Fragment>
      ))}
    </span>
  );
}

/**
 * Who the shopper is, what they looked at, bought and sent back: beside the conversation on wide
 * screens; on narrower ones, over it while `shown` (the conversation's *Shopper* button), until `onHide`.
 */
export function Sidebar({ conversationId, conversation, shown, onHide }: { conversationId: string; conversation: AgentConversation | undefined; shown: boolean; onHide: () => void }) {
  const session = useSession();
  const [context, setContext] = useState<Context | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = () =>
    get<Context>(`/conversations/${conversationId}/context`).then(
      (c) => {
        setContext(c);
        setError(null);
      },
      (e) => setError(errorText(e)),
    );

  // Reload when the conversation moves on (a new page, an identity, a return from the bot).
  useEffect(() => {
    void load();
  }, [conversationId, conversation?.lastSeq, conversation?.status, conversation?.visitor.email, conversation?.visitor.verified]);

  const decide = async (id: string, action: 'approve' | 'reject') => {
    try {
      await post(`/returns/${id}/${action}`);
      session.toast(action === 'approve' ? 'Return approved; the shopper has been told.' : 'Return rejected; the shopper has been told.');
      await load();
    } catch (e) {
      session.toast(errorText(e), 'error');
    }
  };

  // Opened over the conversation, the focus goes in; closed, back to the button that opened it.
  const hideButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (shown) hideButton.current?.focus();
  }, [shown, !!context]);
  const close = () => {
    onHide();
    document.querySelector<HTMLElement>('.shopper-toggle')?.focus();
  };
  const className = `sidebar${shown ? ' shown' : ''}`;
  const hide = (
    <button class="link sidebar-hide" ref={hideButton} onClick={close} data-testid="hide-shopper" aria-label="Close the shopper's details">
      ✕
    </button>
  );
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && shown) close();
  };
  if (error)
    return (
      <aside class={className}>
        {hide}
        <p class="error pad">{error}</p>
      </aside>
    );
  if (!context) return <aside class={className} aria-busy="true" />;
  const { visitor } = context;

  return (
    <aside class={className} aria-label="Shopper" data-testid="sidebar" onKeyDown={onKeyDown}>
      <section>
        <div class="row sidebar-head">
          <h3 class="grow">{visitor.name ? <ShopperText text={visitor.name} /> : 'Unnamed shopper'}</h3>
          {hide}
        </div>
        <dl>
          <dt>Email</dt>
          <dd data-testid="shopper-email">{visitor.email ? <Email address={visitor.email} /> : <span class="muted">not given</span>}</dd>
          <dt>Identity</dt>
          <dd>
            {visitor.verified ? (
              <span class="chip verified" data-testid="identity">verified by the store</span>
            ) : (
              <span class="chip" data-testid="identity">not verified</span>
            )}
          </dd>
          <dt>Language</dt>
          <dd>{visitor.locale ?? conversation?.locale ?? '—'}</dd>
          {visitor.currentPage && (
            <>
              <dt>Now on</dt>
              <dd class="ellipsis" title={visitor.currentPage.url}>
                <ShopperText text={visitor.currentPage.title || visitor.currentPage.url} />
              </dd>
            </>
          )}
        </dl>
      </section>

      {visitor.pages.length > 0 && (
        <section>
          <h3>Pages this visit</h3>
          <ol class="pages small">
            {visitor.pages.slice(-10).reverse().map((p, i) => {
              const href = safeHref(p.url);
              return (
                <li key={`${p.at}-${i}`}>
                  {href ? (
                    <a href={href} target="_blank" rel="noopener noreferrer" title={p.url}>
                      <ShopperText text={p.title || p.url} />
                    </a>
                  ) : (
                    <ShopperText text={p.title || p.url} />
                  )}{' '}
                  <span class="muted">{clock(p.at)}</span>
                </li>
              );
            })}
          </ol>
        </section>
      )}

      <section data-testid="orders">
        <h3>Orders</h3>
        {context.ordersError && <p class="error small">{context.ordersError}</p>}
        {!context.ordersError && context.orders.length === 0 && (
          <p class="muted small">{visitor.verified ? 'No orders.' : 'Shown once the shopper is verified or has proved an order number with its email.'}</p>
        )}
        {context.orders.map((order) => (
          <div class="order" key={order.id} data-testid="order">
            <div class="row">
              <strong class="grow">#{order.number}</strong>
              <span class="chip">{order.status.replace(/_/g, ' ')}</span>
            </div>
            <div class="small muted">
              {new Date(order.placedAt).toLocaleDateString()} · {money(order.totalCents, order.currency)}
            </div>
            <ul class="small">
              {order.items.map((item) => (
                <li key={item.id}>
                  {item.quantity} × {item.name}
                </li>
              ))}
            </ul>
            {order.shipments.map((s, i) => {
              if (!s.trackingNumber) return null;
              const href = safeHref(s.trackingUrl);
              return (
                <div class="small" key={i}>
                  {s.carrier ?? 'Tracking'}:{' '}
                  {href ? (
                    <a href={href} target="_blank" rel="noopener noreferrer">
                      {s.trackingNumber}
                    </a>
                  ) : (
                    s.trackingNumber
                  )}
                  {s.deliveredAt ? ` · delivered ${new Date(s.deliveredAt).toLocaleDateString()}` : s.expectedAt ? ` · expected ${new Date(s.expectedAt).toLocaleDateString()}` : ''}
                </div>
              );
            })}
          </div>
        ))}
      </section>

      <section data-testid="returns">
        <h3>Returns</h3>
        {context.returns.length === 0 && <p class="muted small">None.</p>}
        {context.returns.map((r) => (
          <div class="order" key={r.id} data-testid="return">
            <div class="row">
              <strong class="grow">{r.reference}</strong>
              <span class={`chip ${r.status === 'pending_approval' ? 'pending' : ''}`}>{r.status.replace(/_/g, ' ')}</span>
            </div>
            <div class="small muted">
              Order #{r.orderNumber} · {r.reason.replace(/_/g, ' ')}
            </div>
            <ul class="small">
              {r.items.map((item, i) => (
                <li key={i}>
                  {item.quantity} × {item.name}
                </li>
              ))}
            </ul>
            {r.photos?.length ? (
              <>
                <div class="small muted">The shopper's photos:</div>
                <MessageFiles files={r.photos} testId="return-photo" />
              </>
            ) : null}
            {r.status === 'pending_approval' && (
              <div class="row">
                <button class="primary" onClick={() => decide(r.id, 'approve')} data-testid="return-approve">
                  Approve
                </button>
                <button class="danger" onClick={() => decide(r.id, 'reject')} data-testid="return-reject">
                  Reject
                </button>
              </div>
            )}
          </div>
        ))}
      </section>

      <section>
        <h3>Past conversations</h3>
        {context.pastConversations.length === 0 && <p class="muted small">This is the first.</p>}
        <ul class="small past">
          {context.pastConversations.map((c) => (
            <li key={c.id}>
              <a href={`#/inbox/all/${c.id}`}>{clock(c.createdAt)}</a> <span class={`chip ${c.status}`}>{c.status}</span>
              {c.csat ? ` · ${c.csat.rating}/5` : ''}
            </li>
          ))}
        </ul>
      </section>
    </aside>
  );
}
