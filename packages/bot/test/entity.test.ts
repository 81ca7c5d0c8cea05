import { describe, expect, it } from 'vitest';
import { extractEntities } from '../src/entity';

const numbers = (text: string) => extractEntities(text).orderNumbers;

describe('extractEntities', () => {
  it.each([
    ['where is #1001?', ['1001']],
    ['order 1001 please', ['1001']],
    ['ORD-1001', ['1001']],
    ['my order number is ord1001', []],
    ['check ETA of order 732201349959', ['732201349959']],
    ['how to check the ETA of the purchase 00123842?', ['00123842']],
    ['ordine n. 113542617735902', ['113542617735902']],
    ['reso ordine 3707955617 pls', ['3707955617']],
    ['1002', ['1002']],
    ['ordine 1001 e ordine 1002', ['1001', '1002']],
    // A number followed by an ordinary word that starts like a unit ("m", "l").
    ['order 1004 mail is james.miller@example.com', ['1004']],
    ['ordine 1003 grazie', ['1003']],
    ['order #1005 love it', ['1005']],
    // After "n.", "nr", "numero", "il", "the".
    ['il mio ordine n. 1002', ['1002']],
    ['ordine nr 1002', ['1002']],
    ['numero 1002 per favore', ['1002']],
    ['ho fatto il 1002 la settimana scorsa', ['1002']],
    ['what about the 1004', ['1004']],
    // Written in groups.
    ['732 201 349 959', ['732201349959']],
    ['order 732-201-349-959 please', ['732201349959']],
    ['113 542 617 735 902 non è arrivato', ['113542617735902']],
  ])('%s → %j', (text, expected) => {
    expect(numbers(text)).toEqual(expected);
  });

  it.each([
    ['download bill #37777'],
    ['I want to see the invoice #00108'],
    ['I paid $160 for an order'],
    ['reabting 1499 dollars'],
    ['sono alta 1,65 e peso 58 kg'],
    ['avete il trench nella 44?'],
    ['I wear a UK 10'],
    ['what is the best crypto to buy in 2019'],
    ['table for two at 8:00 pm'],
    ['un buono sconto del 15%'],
    ['the status of flight dl123'],
    ['acquisto del 3 novembre'],
    ['will the boots be restocked in size 39'],
    ['chiamami al 333 123 4567'],
    ['delivered on 2026-11-24'],
    ['it is 10 m long'],
  ])('%s has no order number', (text) => {
    expect(numbers(text)).toEqual([]);
  });

  it('tells e-mails that are cut short apart from real ones', () => {
    expect(extractEntities('mario@gmail').brokenEmails).toEqual(['mario@gmail']);
    expect(extractEntities('mario.rossi@').emails).toEqual([]);
    expect(extractEntities('luca@libero.it').brokenEmails).toEqual([]);
  });

  it('finds e-mails, lowercased', () => {
    expect(extractEntities('la mail è Anna.Moretti84@Example.com, ordine 1001').emails).toEqual(['anna.moretti84@example.com']);
    expect(extractEntities('1001 giulia.rossi@example.com').orderNumbers).toEqual(['1001']);
  });
});
