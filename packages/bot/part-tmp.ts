import { splitQuestions } from './src/segmenter';
import { understand } from './src/understanding';
import { demoIndex } from './test/conversation';
const kb = demoIndex();
for (const t of process.argv.slice(2)) for (const part of splitQuestions(t)) {
  const u = understand(part, 'en', kb.speller);
  const m = kb.search(u.query, u.locale, { focus: u.text });
  console.log(JSON.stringify(part), JSON.stringify(u.route), m?.articleId, m?.confidence.toFixed(2), m?.heading);
}
