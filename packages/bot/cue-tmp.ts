import * as cue from './src/cue';
import { understand } from './src/understanding';
import { demoIndex } from './test/conversation';
for (const t of process.argv.slice(2)) {
  const u = understand(t, 'en', demoIndex().speller);
  const hits: string[] = [];
  for (const [name, v] of Object.entries(cue)) {
    const f = v as any;
    if (typeof f === 'function' && f.matching) { const m = f.matching(u.text); if (m.length) hits.push(`${name}:${JSON.stringify(m)}`); }
    else if (f instanceof RegExp) { f.lastIndex = 0; const m = f.exec(u.text); if (m) hits.push(`${name}:"${m[0]}"`); }
  }
  for (const [k, re] of cue.UNSUPPORTED) { const m = re.exec(u.text); if (m) hits.push(`UNSUPPORTED.${k}:"${m[0]}"`); }
  console.log(t, '=>', u.text, '\n   ', hits.join('  '));
}
