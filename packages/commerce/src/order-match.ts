/** `#1001`, ` 1001 `, `ORD-1001` → `1001`: how every source compares order numbers. */
export function normalizeOrderNumber(value: string): string {
  return value.trim().replace(/^#/, '').replace(/^ord(er)?[-\s#]*/i, '').trim();
}

/** Whether an order's email is the one a shopper gave (case and surrounding spaces aside). */
export function sameEmail(orderEmail: string | null, given: string): boolean {
  return orderEmail !== null && orderEmail.trim().toLowerCase() === given.trim().toLowerCase();
}
