/**
 * Runs the bot over a labelled cases file and prints accuracy per label and language, the
 * confusion between labels and the confidently-wrong rate (a knowledge-base answer where the
 * label says handoff, out of scope or another topic).
 *
 *   pnpm --filter @sportello/bot eval [cases.jsonl] [--errors]
 */
import { accuracy, DEFAULT_CASES, evaluate, readCases, type CaseResult } from './testing/evaluation';

const args = process.argv.slice(2);
const path = args.find((a) => !a.startsWith('--')) ?? DEFAULT_CASES;
const results = await evaluate(readCases(path));

const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
const group = (key: (r: CaseResult) => string) => {
  const map = new Map<string, CaseResult[]>();
  for (const r of results) map.set(key(r), [...(map.get(key(r)) ?? []), r]);
  return [...map.entries()].sort(([a], [b]) => a.localeCompare(b));
};

console.log(`cases: ${path} (${results.length})\n`);
console.log('per language');
for (const [lang, rs] of group((r) => r.lang)) {
  const wrong = rs.filter((r) => r.confidentlyWrong).length;
  console.log(`  ${lang}  ${pct(accuracy(rs)).padStart(6)}  (${rs.filter((r) => r.correct).length}/${rs.length})  confidently wrong ${pct(wrong / rs.length)} (${wrong})`);
}
const wrongAll = results.filter((r) => r.confidentlyWrong).length;
console.log(`  all ${pct(accuracy(results)).padStart(6)}  (${results.filter((r) => r.correct).length}/${results.length})  confidently wrong ${pct(wrongAll / results.length)} (${wrongAll})\n`);

console.log('per label (en / it)');
for (const [label, rs] of group((r) => r.expect)) {
  const en = rs.filter((r) => r.lang === 'en');
  const it = rs.filter((r) => r.lang === 'it');
  const fmt = (xs: CaseResult[]) => (xs.length ? `${xs.filter((r) => r.correct).length}/${xs.length}` : '-').padStart(6);
  console.log(`  ${label.padEnd(28)} ${pct(accuracy(rs)).padStart(6)}   en ${fmt(en)}   it ${fmt(it)}`);
}

console.log('\nconfusion (expected → got: count)');
const confusion = new Map<string, number>();
for (const r of results) if (!r.correct) confusion.set(`${r.expect} → ${r.got}`, (confusion.get(`${r.expect} → ${r.got}`) ?? 0) + 1);
for (const [pair, n] of [...confusion.entries()].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(3)}  ${pair}`);

if (args.includes('--errors')) {
  console.log('\nerrors');
  for (const r of results) if (!r.correct) console.log(`  ${r.id} ${r.expect} → ${r.got}${r.confidentlyWrong ? ' (CONFIDENTLY WRONG)' : ''}: ${r.text}`);
}
