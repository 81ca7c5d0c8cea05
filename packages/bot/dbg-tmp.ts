import { decide } from './src/decision';
import { demoIndex, NOW } from './test/conversation';
import { demoOrders } from './src/testing/demo-orders';
import { DEMO_SITE, demoProducts } from './src/testing/evaluation';
import { MemoryOrderSource } from './src/testing/memory-order-source';
import type { BotState } from './src/model';
const scripts: string[][] = JSON.parse(process.argv[2]!);
const d0 = demoProducts();
for (const turns of scripts) {
  const orders = new MemoryOrderSource(demoOrders(NOW), () => NOW);
  let state: BotState | null = null; const visitor = { verified: process.argv[3] === 'v', customerId: process.argv[3] === 'v' ? 'cust-1001' : null, email: null as string | null };
  console.log('----');
  for (const t of turns) {
    const d = await decide({ state, text: t, locale: null, site: DEMO_SITE, visitor, knowledgeBase: demoIndex(), orders, catalogue: d0.catalogue, products: d0.products, now: NOW });
    state = JSON.parse(JSON.stringify(d.state)); if (d.visitorEmail) visitor.email = d.visitorEmail;
    console.log('>', t, `\n   [${d.locale} ${d.answers.map(a => a.intent + (a.articleId ? ':' + a.articleId : '')).join(',')} asks=${d.asks} handoff=${d.handoff?.reason ?? '-'} card=${d.replies.map(r => r.payload?.card?.type).filter(Boolean)}]\n   ` + d.replies.map(r => r.body.replace(/\n+/g, ' ')).join(' ‖ ').slice(0, 400));
  }
}
