import { describe, expect, it } from 'vitest';
import type { ReturnRecord } from '@sportello/protocol';
import { DemoOrderSource, normalizeOrderNumber, type DemoOrderRecord, type DemoOrderStore } from '../src/index';

const order: DemoOrderRecord = {
  id: 'o1',
  number: '1001',
  email: 'Giulia.Rossi@example.com',
  customerId: 'cust-1',
  status: 'delivered',
  currency: 'EUR',
  totalCents: 12800,
  items: [
    { sku: 'A', name: 'Linen shirt', quantity: 2, priceCents: 6900, tags: [] },
    { sku: 'B', name: 'Scarf', quantity: 1, priceCents: 5900, tags: ['final-sale'] },
  ],
  carrier: 'BRT',
  trackingNumber: '0840',
  trackingUrl: 'https://track.example/0840',
  placedAt: new Date('2026-11-01T10:00:00Z'),
  shippedAt: new Date('2026-11-02T10:00:00Z'),
  deliveredAt: new Date('2026-11-04T10:00:00Z'),
  expectedAt: new Date('2026-11-04T10:00:00Z'),
};

function source(): { source: DemoOrderSource; saved: ReturnRecord[] } {
  const saved: ReturnRecord[] = [];
  const store: DemoOrderStore = {
    byNumber: async (n) => (n === order.number ? order : null),
    byCustomer: async (c) => (c === order.customerId ? [order] : []),
    saveReturn: async (r) => void saved.push(r),
  };
  return { source: new DemoOrderSource(store), saved };
}

describe('DemoOrderSource', () => {
  it('finds an order only with its own email, whatever the case and the number format', async () => {
    const { source: s } = source();
    for (const n of ['1001', '#1001', 'ORD-1001', ' order 1001 ']) expect((await s.findOrder(n, 'giulia.rossi@EXAMPLE.com'))?.number).toBe('1001');
    expect(await s.findOrder('1001', 'someone@example.com')).toBeNull();
    expect(await s.findOrder('9999', 'giulia.rossi@example.com')).toBeNull();
    expect(normalizeOrderNumber('#ORD-00123842')).toBe('00123842');
  });

  it('maps the order with its shipment and items', async () => {
    const { source: s } = source();
    const found = await s.findCustomerOrder('1001', 'cust-1');
    expect(found).toMatchObject({
      status: 'delivered',
      items: [{ id: 'A', name: 'Linen shirt', quantity: 2, unitPriceCents: 6900 }, { id: 'B', tags: ['final-sale'] }],
      shipments: [{ carrier: 'BRT', trackingNumber: '0840', trackingUrl: 'https://track.example/0840', deliveredAt: '2026-11-04T10:00:00.000Z' }],
    });
    expect(await s.findCustomerOrder('1001', 'cust-2')).toBeNull();
    expect(await s.listCustomerOrders('cust-1')).toHaveLength(1);
  });

  it('records a return, pending approval when asked, and refuses items the order does not have', async () => {
    const { source: s, saved } = source();
    const created = await s.createReturn({ orderNumber: '#1001', items: [{ itemId: 'A', quantity: 1 }], reason: 'wrong size', needsApproval: true });
    expect(created).toMatchObject({ orderNumber: '1001', status: 'pending_approval', items: [{ name: 'Linen shirt', quantity: 1, unitPriceCents: 6900 }] });
    expect(created.reference).toMatch(/^R-[0-9A-F]{8}$/);
    expect(saved).toHaveLength(1);
    await expect(s.createReturn({ orderNumber: '1001', items: [{ itemId: 'Z', quantity: 1 }], reason: 'x', needsApproval: false })).rejects.toThrow(/no item/);
    await expect(s.createReturn({ orderNumber: '1001', items: [{ itemId: 'A', quantity: 3 }], reason: 'x', needsApproval: false })).rejects.toThrow(/has 2/);
  });
});
