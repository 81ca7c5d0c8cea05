import { describe, expect, it } from 'vitest';
import { KnowledgeIndex, splitSections } from '../src/knowledge-index';
import { topicOf } from '../src/testing/kb-fixture';
import { demoIndex } from './conversation';

const topic = (question: string, locale: 'en' | 'it') => {
  const m = demoIndex().answer(question, locale);
  return m ? topicOf(m.articleId) : null;
};

describe('KnowledgeIndex', () => {
  it.each([
    ['which payment methods do you accept?', 'payment'],
    ['what shipping methods are there?', 'shipping_options'],
    ['how do I reset my password', 'password'],
    ['can I get an invoice with my VAT number', 'invoice'],
    ['how do I unsubscribe from the newsletter', 'newsletter'],
    ['do you ship to Canada?', 'international_shipping'],
    ['what is your refund policy', 'returns_policy'],
    ['what does the warranty cover', 'warranty'],
  ])('en: %s → %s', (q, t) => expect(topic(q, 'en')).toBe(t));

  it.each([
    ['quali metodi di pagamento accettate?', 'payment'],
    ['come cambio la password?', 'password'],
    ['mi serve la fattura elettronica', 'invoice'],
    ['come mi disiscrivo dalla newsletter', 'newsletter'],
    ['ci sono dazi doganali per la Svizzera?', 'international_shipping'],
    ['posso annullare un ordine?', 'order_cancellation'],
  ])('it: %s → %s', (q, t) => expect(topic(q, 'it')).toBe(t));

  it('answers with the most relevant section, with the article title and id', () => {
    const m = demoIndex().answer('who pays for return shipping?', 'en');
    expect(m?.articleId).toBe('en/returns_policy');
    expect(m?.heading).toBe('Who pays for return shipping?');
    expect(m?.title).toMatch(/returns/i);
    expect(m?.text).toMatch(/BRT/);
  });

  it('is not confident about questions the knowledge base does not cover', () => {
    const index = demoIndex();
    for (const q of ['how many calories are in apples', 'what is the capital of pakistan', 'how do i fix my car engine']) {
      const m = index.search(q, 'en');
      expect(m === null || m.confidence < 0.8, q).toBe(true);
    }
  });

  it('falls back to the other language when the locale has no articles', () => {
    const index = new KnowledgeIndex([{ id: 'a', locale: 'en', title: 'Payment methods', body: 'We accept cards and PayPal.', tags: ['payment'], published: true }]);
    expect(index.answer('payment methods paypal', 'it')?.articleId).toBe('a');
    expect(index.answer('payment methods paypal', 'it')?.locale).toBe('en');
  });

  it('ignores unpublished articles', () => {
    const index = new KnowledgeIndex([{ id: 'a', locale: 'en', title: 'Payment methods', body: 'We accept PayPal.', tags: [], published: false }]);
    expect(index.search('payment methods', 'en')).toBeNull();
  });

  it('splits Markdown at ## headings', () => {
    expect(splitSections('Intro\n\n## One\nfirst\n## Two\nsecond')).toEqual([
      { heading: null, text: 'Intro' },
      { heading: 'One', text: 'first' },
      { heading: 'Two', text: 'second' },
    ]);
  });
});
