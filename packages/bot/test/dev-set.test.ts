import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { accuracy, DEFAULT_CASES, evaluate, readCases } from '../src/testing/evaluation';
import { demoIndex } from './conversation';

// Floors a little under what the bot reaches (en 99.5%, it 98.9%, 0% confidently wrong on
// 2026-11-24), so a regression fails without every tweak needing a new number.
describe.skipIf(!existsSync(DEFAULT_CASES))('development set', () => {
  it('stays accurate in both languages and is rarely confidently wrong', async () => {
    const results = await evaluate(readCases(), { index: demoIndex() });
    const en = results.filter((r) => r.lang === 'en');
    const it = results.filter((r) => r.lang === 'it');
    expect(accuracy(en)).toBeGreaterThanOrEqual(0.96);
    expect(accuracy(it)).toBeGreaterThanOrEqual(0.94);
    expect(results.filter((r) => r.confidentlyWrong).length / results.length).toBeLessThanOrEqual(0.01);
  });
});
