/**
 * Runs the bot over a labelled cases file against the demo knowledge base and orders, and prints
 * accuracy per label and language, the confusion between labels and the confidently-wrong rate
 * (a knowledge-base answer where the label says handoff, out of scope or another topic).
 *
 *   pnpm --filter @sportello/bot eval [cases.jsonl] [--errors]
 */
import { DEFAULT_CASES, evaluate, formatReport, readCases } from './testing/evaluation';

const args = process.argv.slice(2);
const path = args.find((a) => !a.startsWith('--')) ?? DEFAULT_CASES;
const results = await evaluate(readCases(path));
console.log(`cases: ${path} (${results.length})\n`);
console.log(formatReport(results, { errors: args.includes('--errors') }));
