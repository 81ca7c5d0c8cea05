/**
 * Runs the bot over labelled files against the demo knowledge base, catalogue and orders, and
 * prints, for single messages, strict accuracy per label and language, the confusion between labels
 * and the confidently-wrong rate; for dialogs, per-turn and per-dialog figures per language.
 *
 *   pnpm --filter @sportello/bot eval [file.jsonl …] [--errors]
 *
 * With no file: the development set and the dialog set in test/dialogs.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { evaluateDialogs, formatDialogReport, readLabelled } from './testing/dialog-evaluation';
import { DEFAULT_CASES, evaluate, formatReport } from './testing/evaluation';

const DIALOGS = fileURLToPath(new URL('../test/dialogs', import.meta.url));
const args = process.argv.slice(2);
const errors = args.includes('--errors');
const files = args.filter((a) => !a.startsWith('--'));
const paths = files.length ? files : [DEFAULT_CASES, ...readdirSync(DIALOGS).filter((f) => f.endsWith('.jsonl')).map((f) => join(DIALOGS, f))];
const labelled = paths.map((p) => readLabelled(p));
const cases = labelled.flatMap((l) => l.cases);
const dialogs = labelled.flatMap((l) => l.dialogs);
console.log(`files: ${paths.join(', ')}\n`);
if (cases.length) console.log(`single messages (${cases.length})\n${formatReport(await evaluate(cases), { errors })}\n`);
if (dialogs.length) console.log(`dialogs (${dialogs.length})\n${formatDialogReport(await evaluateDialogs(dialogs), { errors })}`);
