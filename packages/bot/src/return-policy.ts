import type { Order, OrderItem } from '@sportello/protocol';
import type { ReturnPolicy } from './model';

const DAY_MS = 86_400_000;

/** Whether an order may be returned under the merchant's policy, and which of its items. */
export type ReturnCheck =
  | { ok: true; returnable: OrderItem[]; refused: OrderItem[] }
  | { ok: false; reason: 'not_delivered' }
  | { ok: false; reason: 'outside_window'; deliveredAt: string }
  | { ok: false; reason: 'nothing_returnable'; refused: OrderItem[] };

/**
 * The merchant's return rules, in one place for the return dialog and for the LLM mode's tool:
 * the order must be delivered, within `windowDays` of delivery, and only items without a
 * non-returnable tag can go back.
 */
export function checkReturn(order: Order, policy: ReturnPolicy, now: Date): ReturnCheck {
  if (order.status !== 'delivered') return { ok: false, reason: 'not_delivered' };
  const deliveredAt = order.deliveredAt ?? order.shipments.find((s) => s.deliveredAt)?.deliveredAt ?? null;
  if (deliveredAt && now.getTime() - new Date(deliveredAt).getTime() > policy.windowDays * DAY_MS) {
    return { ok: false, reason: 'outside_window', deliveredAt };
  }
  const returnable = order.items.filter((i) => blockingTag(i.tags, policy) === null);
  const refused = order.items.filter((i) => !returnable.includes(i));
  if (returnable.length === 0) return { ok: false, reason: 'nothing_returnable', refused };
  return { ok: true, returnable, refused };
}

/** The first of these tags (an item's, a product's) the policy names as non-returnable, or null. */
export function blockingTag(tags: readonly string[], policy: ReturnPolicy): string | null {
  const blocked = new Set(policy.nonReturnableTags.map((t) => t.toLowerCase()));
  return tags.find((t) => blocked.has(t.toLowerCase())) ?? null;
}

/** True when the items are worth more than the policy lets the bot approve on its own. */
export function needsApproval(items: OrderItem[], policy: ReturnPolicy): boolean {
  return items.reduce((sum, i) => sum + i.unitPriceCents * i.quantity, 0) > policy.autoApproveLimitCents;
}
