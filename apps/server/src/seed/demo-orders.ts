import type { DemoOrderItem } from '@sportello/db';

/** One demo order, with dates relative to the moment of seeding. */
export interface DemoOrderSeed {
  number: string;
  email: string;
  customerId: string | null;
  status: 'paid' | 'processing' | 'shipped' | 'out_for_delivery' | 'delivered' | 'cancelled' | 'returned';
  items: DemoOrderItem[];
  carrier: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  placedAt: Date;
  shippedAt: Date | null;
  deliveredAt: Date | null;
  expectedAt: Date | null;
}

const CATALOGUE = {
  linenShirt: { sku: 'SA-LS-001', name: 'Linen shirt, white', priceCents: 6900, tags: [] },
  chinos: { sku: 'SA-CH-014', name: 'Slim chinos, navy', priceCents: 7900, tags: [] },
  trenchCoat: { sku: 'SA-TC-003', name: 'Cotton trench coat, sand', priceCents: 21900, tags: [] },
  leatherLoafers: { sku: 'SA-LF-022', name: 'Leather loafers, brown', priceCents: 14900, tags: ['shoes'] },
  silkScarf: { sku: 'SA-SC-040', name: 'Silk scarf, Bologna print', priceCents: 5900, tags: [] },
  boxerPack: { sku: 'SA-UW-101', name: 'Cotton boxers, 3-pack', priceCents: 2900, tags: ['underwear'] },
  swimsuit: { sku: 'SA-SW-210', name: 'Swimsuit, emerald', priceCents: 8900, tags: ['swimwear'] },
  woolSweater: { sku: 'SA-SW-007', name: 'Merino sweater, grey', priceCents: 9900, tags: [] },
  saleDress: { sku: 'SA-DR-305', name: 'Midi dress, red (final sale)', priceCents: 4900, tags: ['final-sale'] },
  sneakers: { sku: 'SA-SN-050', name: 'White leather sneakers', priceCents: 11900, tags: ['shoes'] },
  earrings: { sku: 'SA-JW-011', name: 'Gold-plated earrings', priceCents: 3900, tags: ['earrings'] },
  denimJacket: { sku: 'SA-DJ-009', name: 'Denim jacket', priceCents: 11900, tags: [] },
} satisfies Record<string, Omit<DemoOrderItem, 'quantity'>>;

type Product = keyof typeof CATALOGUE;

const line = (product: Product, quantity = 1): DemoOrderItem => ({ ...CATALOGUE[product], quantity });

const DAY = 86_400_000;

const brt = (n: string) => ({ carrier: 'BRT', trackingNumber: n, trackingUrl: `https://vas.brt.it/vas/sped_det_show.hsm?referer=sped_numspe_par.htm&Nspediz=${n}` });
const dhl = (n: string) => ({ carrier: 'DHL Express', trackingNumber: n, trackingUrl: `https://www.dhl.com/it-en/home/tracking.html?tracking-id=${n}` });
const none = { carrier: null, trackingNumber: null, trackingUrl: null };

/**
 * The demo store's orders: every stage of an order's life, two verified customers with several
 * orders, and the order numbers the bot's development cases mention.
 */
export function demoOrders(now: Date = new Date()): DemoOrderSeed[] {
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  const ahead = (days: number) => new Date(now.getTime() + days * DAY);
  const giulia = { email: 'giulia.rossi@example.com', customerId: 'cust-1001' };
  const james = { email: 'james.miller@example.com', customerId: 'cust-1002' };
  const marco = { email: 'marco.bianchi@example.com', customerId: null };
  const emma = { email: 'emma.schmidt@example.com', customerId: null };
  return [
    { number: '1001', ...giulia, status: 'delivered', items: [line('linenShirt'), line('silkScarf')], ...brt('0840123456789'), placedAt: ago(12), shippedAt: ago(11), deliveredAt: ago(9), expectedAt: ago(9) },
    { number: '1002', ...giulia, status: 'shipped', items: [line('trenchCoat')], ...brt('0840123456790'), placedAt: ago(3), shippedAt: ago(2), deliveredAt: null, expectedAt: ahead(1) },
    { number: '1003', ...giulia, status: 'processing', items: [line('woolSweater', 2)], ...none, placedAt: ago(0.2), shippedAt: null, deliveredAt: null, expectedAt: ahead(4) },
    { number: '1004', ...james, status: 'out_for_delivery', items: [line('sneakers'), line('chinos')], ...dhl('1234567890'), placedAt: ago(4), shippedAt: ago(2), deliveredAt: null, expectedAt: now },
    { number: '1005', ...james, status: 'delivered', items: [line('leatherLoafers'), line('boxerPack'), line('saleDress')], ...dhl('1234567891'), placedAt: ago(20), shippedAt: ago(19), deliveredAt: ago(16), expectedAt: ago(16) },
    { number: '1006', ...james, status: 'delivered', items: [line('denimJacket')], ...dhl('1234567892'), placedAt: ago(70), shippedAt: ago(69), deliveredAt: ago(65), expectedAt: ago(65) },
    { number: '1007', ...marco, status: 'paid', items: [line('chinos')], ...none, placedAt: ago(0.05), shippedAt: null, deliveredAt: null, expectedAt: ahead(4) },
    { number: '1008', ...marco, status: 'cancelled', items: [line('swimsuit')], ...none, placedAt: ago(30), shippedAt: null, deliveredAt: null, expectedAt: null },
    { number: '1009', ...marco, status: 'returned', items: [line('woolSweater')], ...brt('0840123456791'), placedAt: ago(40), shippedAt: ago(39), deliveredAt: ago(37), expectedAt: ago(37) },
    { number: '1010', ...emma, status: 'delivered', items: [line('trenchCoat'), line('leatherLoafers'), line('earrings')], ...dhl('1234567893'), placedAt: ago(8), shippedAt: ago(7), deliveredAt: ago(4), expectedAt: ago(4) },
    { number: '1011', ...emma, status: 'shipped', items: [line('silkScarf', 2)], ...none, placedAt: ago(2), shippedAt: ago(1), deliveredAt: null, expectedAt: ahead(3) },
    // Numbers that shoppers quote in the bot's development cases.
    { number: '00123842', email: 'alex.taylor@example.com', customerId: null, status: 'shipped', items: [line('denimJacket')], ...dhl('1234567894'), placedAt: ago(5), shippedAt: ago(3), deliveredAt: null, expectedAt: ahead(2) },
    { number: '00004587345', email: 'sam.jones@example.com', customerId: null, status: 'processing', items: [line('linenShirt', 2)], ...none, placedAt: ago(1), shippedAt: null, deliveredAt: null, expectedAt: ahead(3) },
    { number: '732201349959', email: 'chris.lee@example.com', customerId: null, status: 'delivered', items: [line('sneakers')], ...brt('0840123456792'), placedAt: ago(10), shippedAt: ago(9), deliveredAt: ago(6), expectedAt: ago(6) },
    { number: '113542617735902', email: 'pat.morgan@example.com', customerId: null, status: 'out_for_delivery', items: [line('woolSweater')], ...brt('0840123456793'), placedAt: ago(3), shippedAt: ago(2), deliveredAt: null, expectedAt: now },
    { number: '3707955617', email: 'robin.hill@example.com', customerId: null, status: 'paid', items: [line('chinos')], ...none, placedAt: ago(0.1), shippedAt: null, deliveredAt: null, expectedAt: ahead(4) },
    { number: '370795561790', email: 'jordan.king@example.com', customerId: null, status: 'delivered', items: [line('trenchCoat')], ...dhl('1234567895'), placedAt: ago(25), shippedAt: ago(24), deliveredAt: ago(21), expectedAt: ago(21) },
  ];
}
