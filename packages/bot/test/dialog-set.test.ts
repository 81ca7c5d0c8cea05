import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluateDialogs, readLabelled } from '../src/testing/dialog-evaluation';
import { demoIndex } from './conversation';

// Whole conversations (test/dialogs, written from the shop's data and the behaviour contract, not
// from this code). Floors a little under what the bot reaches, so a regression fails without every
// improvement needing a new number; the README gives the current figures.
const dir = join(dirname(fileURLToPath(import.meta.url)), 'dialogs');
const dialogs = readdirSync(dir)
  .filter((f) => f.endsWith('.jsonl'))
  .flatMap((f) => readLabelled(join(dir, f)).dialogs);

describe('dialog set', () => {
  it('walks whole conversations in both languages, rarely confidently wrong', async () => {
    const results = await evaluateDialogs(dialogs, { index: demoIndex() });
    expect(results.length).toBeGreaterThanOrEqual(150);
    for (const lang of ['en', 'it'] as const) {
      const rs = results.filter((r) => r.dialog.lang === lang);
      const turns = rs.flatMap((r) => r.turns);
      const dialogRate = rs.filter((r) => r.correct).length / rs.length;
      const turnRate = turns.filter((t) => t.failures.length === 0).length / turns.length;
      const wrong = turns.filter((t) => t.confidentlyWrong).length / turns.length;
      expect(dialogRate, `${lang} dialogs`).toBeGreaterThanOrEqual(0.83);
      expect(turnRate, `${lang} turns`).toBeGreaterThanOrEqual(0.93);
      expect(wrong, `${lang} confidently wrong`).toBeLessThanOrEqual(0.02);
    }
  });
});
