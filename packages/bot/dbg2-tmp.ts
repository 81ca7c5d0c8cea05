import { understand } from './src/understanding';
import { productQuestionOf } from './src/product-answer';
import { demoProducts } from './src/testing/evaluation';
import { demoIndex } from './test/conversation';
const d = demoProducts();
for (const t of process.argv.slice(2)) {
  const u = understand(t, 'en', demoIndex().speller);
  const q = productQuestionOf({ catalogue: d.catalogue } as any, u, t, { } as any);
  console.log(t, '|', u.locale, JSON.stringify(u.route), u.text, '\n   ', q && JSON.stringify({ ...q, candidates: q.candidates.map(c => c.title) }));
}
