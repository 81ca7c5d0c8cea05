import { understand } from './src/understanding';
import { demoIndex } from './test/conversation';
const kb = demoIndex();
for (const t of process.argv.slice(2)) {
  const u = understand(t, 'en', kb.speller);
  const own = kb.search(u.query, u.locale, { focus: u.text });
  console.log(t, '|', u.locale, JSON.stringify(u.route), 'shop', u.shopWords, '| own', own?.articleId, own?.confidence.toFixed(2), own?.heading);
}
