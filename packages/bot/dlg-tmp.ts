// Replays chosen dialogs of a file and prints every turn with what was expected.
import { evaluateDialogs, readLabelled } from './src/testing/dialog-evaluation';
const [file, ...ids] = process.argv.slice(2);
const { dialogs } = readLabelled(file!);
const chosen = dialogs.filter((d) => ids.some((id) => d.id.endsWith(id)));
for (const r of await evaluateDialogs(chosen)) {
  console.log(`=== ${r.dialog.id} ${r.dialog.title ?? ''} ${r.correct ? 'OK' : 'FAIL'}`);
  for (const t of r.turns) {
    const d = t.decision;
    console.log(`> ${t.shopper}\n  want ${JSON.stringify(t.expect)}\n  got  [${d.locale} ${d.answers.map((a) => a.intent + (a.articleId ? ':' + a.articleId : '')).join(',')} asks=${d.asks} handoff=${d.handoff?.reason ?? '-'}] ${t.failures.length ? 'FAIL ' + t.failures.join('; ') : 'ok'}\n  ${d.replies.map((x) => x.body.replace(/\n+/g, ' ')).join(' ‖ ').slice(0, 300)}`);
  }
}
