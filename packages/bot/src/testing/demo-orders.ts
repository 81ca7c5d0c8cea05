import type { Order, OrderItem, Shipment } from '@sportello/protocol';

const DAY = 86_400_000;

type Product = Omit<OrderItem, 'id' | 'quantity'>;
const P = {
  linenShirt: { sku: 'SA-LS-001', name: 'Linen shirt, white', unitPriceCents: 6900, tags: [] },
  chinos: { sku: 'SA-CH-014', name: 'Slim chinos, navy', unitPriceCents: 7900, tags: [] },
  trenchCoat: { sku: 'SA-TC-003', name: 'Cotton trench coat, sand', unitPriceCents: 21900, tags: [] },
  leatherLoafers: { sku: 'SA-LF-022', name: 'Leather loafers, brown', unitPriceCents: 14900, tags: ['shoes'] },
  silkScarf: { sku: 'SA-SC-040', name: 'Silk scarf, Bologna print', unitPriceCents: 5900, tags: [] },
  boxerPack: { sku: 'SA-UW-101', name: 'Cotton boxers, 3-pack', unitPriceCents: 2900, tags: ['underwear'] },
  woolSweater: { sku: 'SA-SW-007', name: 'Merino sweater, grey', unitPriceCents: 9900, tags: [] },
  saleDress: { sku: 'SA-DR-305', name: 'Midi dress, red (final sale)', unitPriceCents: 4900, tags: ['final-sale'] },
  sneakers: { sku: 'SA-SN-050', name: 'White leather sneakers', unitPriceCents: 11900, tags: ['shoes'] },
  earrings: { sku: 'SA-JW-011', name: 'Gold-plated earrings', unitPriceCents: 3900, tags: ['earrings'] },
  denimJacket: { sku: 'SA-DJ-009', name: 'Denim jacket', unitPriceCents: 11900, tags: [] },
} satisfies Record<string, Product>;

interface Spec {
  number: string;
  email: string;
  customerId?: string | null;
  status: Order['status'];
  items: [keyof typeof P, number?][];
  carrier?: 'BRT' | 'DHL Express';
  placed: number;
  shipped?: number;
  delivered?: number;
  expected?: number;
}

/**
 * Orders shaped like the server's demo seed (apps/server/src/seed/demo-orders.ts), with dates
 * relative to `now` (days; negative is the past): every status, two verified customers with
 * several orders, and the numbers quoted by the development cases.
 */
export function demoOrders(now: Date): Order[] {
  const at = (days: number | undefined) => (days === undefined ? null : new Date(now.getTime() + days * DAY).toISOString());
  const specs: Spec[] = [
    { number: '1001', email: 'giulia.rossi@example.com', customerId: 'cust-1001', status: 'delivered', items: [['linenShirt'], ['silkScarf']], carrier: 'BRT', placed: -12, shipped: -11, delivered: -9, expected: -9 },
    { number: '1002', email: 'giulia.rossi@example.com', customerId: 'cust-1001', status: 'shipped', items: [['trenchCoat']], carrier: 'BRT', placed: -3, shipped: -2, expected: 1 },
    { number: '1003', email: 'giulia.rossi@example.com', customerId: 'cust-1001', status: 'processing', items: [['woolSweater', 2]], placed: -0.2, expected: 4 },
    { number: '1004', email: 'james.miller@example.com', customerId: 'cust-1002', status: 'out_for_delivery', items: [['sneakers'], ['chinos']], carrier: 'DHL Express', placed: -4, shipped: -2, expected: 0 },
    { number: '1005', email: 'james.miller@example.com', customerId: 'cust-1002', status: 'delivered', items: [['leatherLoafers'], ['boxerPack'], ['saleDress']], carrier: 'DHL Express', placed: -20, shipped: -19, delivered: -16, expected: -16 },
    { number: '1006', email: 'james.miller@example.com', customerId: 'cust-1002', status: 'delivered', items: [['denimJacket']], carrier: 'DHL Express', placed: -70, shipped: -69, delivered: -65, expected: -65 },
    { number: '1007', email: 'marco.bianchi@example.com', status: 'paid', items: [['chinos']], placed: -0.05, expected: 4 },
    { number: '1008', email: 'marco.bianchi@example.com', status: 'cancelled', items: [['boxerPack']], placed: -30 },
    { number: '1009', email: 'marco.bianchi@example.com', status: 'returned', items: [['woolSweater']], carrier: 'BRT', placed: -40, shipped: -39, delivered: -37, expected: -37 },
    { number: '1010', email: 'emma.schmidt@example.com', status: 'delivered', items: [['trenchCoat'], ['leatherLoafers'], ['earrings']], carrier: 'DHL Express', placed: -8, shipped: -7, delivered: -4, expected: -4 },
    { number: '1011', email: 'emma.schmidt@example.com', status: 'shipped', items: [['silkScarf', 2]], placed: -2, shipped: -1, expected: 3 },
    { number: '00123842', email: 'alex.taylor@example.com', status: 'shipped', items: [['denimJacket']], carrier: 'DHL Express', placed: -5, shipped: -3, expected: 2 },
    { number: '00004587345', email: 'sam.jones@example.com', status: 'processing', items: [['linenShirt', 2]], placed: -1, expected: 3 },
    { number: '732201349959', email: 'chris.lee@example.com', status: 'delivered', items: [['sneakers']], carrier: 'BRT', placed: -10, shipped: -9, delivered: -6, expected: -6 },
    { number: '113542617735902', email: 'pat.morgan@example.com', status: 'out_for_delivery', items: [['woolSweater']], carrier: 'BRT', placed: -3, shipped: -2, expected: 0 },
    { number: '3707955617', email: 'robin.hill@example.com', status: 'paid', items: [['chinos']], placed: -0.1, expected: 4 },
    { number: '370795561790', email: 'jordan.king@example.com', status: 'delivered', items: [['trenchCoat']], carrier: 'DHL Express', placed: -25, shipped: -24, delivered: -21, expected: -21 },
  ];
  return specs.map((s) => {
    const items: OrderItem[] = s.items.map(([key, quantity = 1], i) => ({ id: `${s.number}-${i + 1}`, quantity, ...P[key] }));
    const tracking = s.carrier ? `${s.carrier === 'BRT' ? '0840' : 'JD'}${s.number.padStart(9, '0')}` : null;
    const shipments: Shipment[] = s.shipped === undefined
      ? []
      : [{
          carrier: s.carrier ?? null,
          trackingNumber: tracking,
          trackingUrl: tracking ? `https://tracking.example.com/${tracking}` : null,
          shippedAt: at(s.shipped),
          deliveredAt: at(s.delivered),
          expectedAt: at(s.expected),
        }];
    return {
      id: `ord-${s.number}`,
      number: s.number,
      email: s.email,
      customerId: s.customerId ?? null,
      status: s.status,
      currency: 'EUR',
      totalCents: items.reduce((sum, i) => sum + i.unitPriceCents * i.quantity, 0),
      items,
      shipments,
      placedAt: at(s.placed)!,
      deliveredAt: at(s.delivered),
      expectedAt: at(s.expected),
    };
  });
}
