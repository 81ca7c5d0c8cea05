import { describe, expect, it } from 'vitest';
import { fold, normalise } from '../src/normaliser';
import { Speller } from '../src/speller';
import { stem } from '../src/stemmer';
import { demoIndex } from './conversation';

describe('normalise', () => {
  it('folds case and accents, so missing Italian accents do not matter', () => {
    expect(fold('Perché È già SPEDITO?')).toBe('perche e gia spedito?');
    expect(normalise('perche e gia spedito')).toBe(normalise('Perché è già spedito?'));
  });

  it('expands contractions and chat shorthand', () => {
    expect(normalise("I can't find my order, what's up")).toBe('i can not find my order what is up');
    expect(normalise('pls help me w/ my pwd')).toContain('please help me');
    expect(normalise('i forgot my pwd')).toBe('i forgot my password');
    expect(normalise('nn trovo il pacco xke')).toBe('non trovo il pacco perche');
  });

  it('turns amounts into one marker word', () => {
    expect(normalise('refund $3')).toBe('refund amount');
    expect(normalise('reimbursing 1499 dollars')).toBe('reimbursing amount');
  });

  it('corrects one-edit typos and splits run-together words with the knowledge base vocabulary', () => {
    const speller = demoIndex().speller;
    expect(normalise('I try to check the ETA of the purchqse', speller)).toContain('purchase');
    expect(normalise('where to checkj how long the delivery takes', speller)).toContain('check how long');
    expect(normalise('i need help tocancel order', speller)).toContain('to cancel');
    expect(normalise('is it posible to place an order', speller)).toContain('possible');
    expect(normalise('vorei fare un reso', speller)).toBe('vorrei fare un reso');
  });

  it('does not "correct" Italian inflections or change first letters', () => {
    const speller = demoIndex().speller;
    expect(normalise('a presto, buona giornata', speller)).toBe('a presto buona giornata');
    expect(normalise('mi sei stata utile', speller)).toBe('mi sei stata utile');
    expect(normalise('cancella tutte le sveglie', speller)).toBe('cancella tutte le sveglie');
  });

  it('a speller without a common-word list never splits', () => {
    expect(new Speller(['to', 'cancel']).correct('tocancel')).toBe('tocancel');
  });
});

describe('stem', () => {
  it('makes English inflections meet', () => {
    expect(stem('shipping', 'en')).toBe(stem('shipped', 'en'));
    expect(stem('cancellation', 'en')).toBe(stem('cancel', 'en'));
    expect(stem('returns', 'en')).toBe(stem('return', 'en'));
  });
  it('makes Italian inflections meet', () => {
    expect(stem('spedito', 'it')).toBe(stem('spedita', 'it'));
    expect(stem('ordine', 'it')).toBe(stem('ordini', 'it'));
    expect(stem('taglie', 'it')).toBe(stem('taglia', 'it'));
  });
});
