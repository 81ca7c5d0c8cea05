import { describe, expect, it } from 'vitest';
import { linkify, messageRuns, safeHref } from './message-text';

describe('safeHref', () => {
  it('accepts absolute http and https addresses only', () => {
    expect(safeHref('https://shop.example.com/track?id=1')).toBe('https://shop.example.com/track?id=1');
    expect(safeHref('http://example.com')).toBe('http://example.com/');
    for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<b>', 'vbscript:x', '/relative', '//evil.com', 'ftp://x.y', '', null, 'https://user:pw@evil.com']) {
      expect(safeHref(bad as string), String(bad)).toBeNull();
    }
  });
});

describe('linkify', () => {
  it('splits text and links, keeping the text exactly', () => {
    const parts = linkify('Track it at https://carrier.example/t/123. Thanks!');
    expect(parts).toEqual([
      { text: 'Track it at ' },
      { text: 'https://carrier.example/t/123', href: 'https://carrier.example/t/123' },
      { text: '. Thanks!' },
    ]);
    expect(parts.map((p) => p.text).join('')).toBe('Track it at https://carrier.example/t/123. Thanks!');
  });

  it('turns www. into https and keeps a parenthesis that belongs to the URL', () => {
    expect(linkify('see www.example.com')[1]).toEqual({ text: 'www.example.com', href: 'https://www.example.com/' });
    expect(linkify('(https://en.wikipedia.org/wiki/Foo_(bar))')[1]?.text).toBe('https://en.wikipedia.org/wiki/Foo_(bar)');
    expect(linkify('(see https://example.com)')[1]?.text).toBe('https://example.com');
  });

  it('never makes a link of markup or script schemes', () => {
    const parts = linkify('<a href="javascript:alert(1)">x</a> <img src=x onerror=alert(1)>');
    expect(parts.every((p) => !p.href)).toBe(true);
    expect(parts.map((p) => p.text).join('')).toBe('<a href="javascript:alert(1)">x</a> <img src=x onerror=alert(1)>');
  });

  it('stops a URL at quotes and angle brackets', () => {
    expect(linkify('"https://a.example/x"<b>')[1]).toEqual({ text: 'https://a.example/x', href: 'https://a.example/x' });
  });
});

describe('messageRuns', () => {
  it('makes **pairs** bold and links links, keeping every other character as text', () => {
    expect(messageRuns('**Delivery times**\n\nStandard: 2–4 days. Track at https://brt.example/t?x=1.')).toEqual([
      { text: 'Delivery times', bold: true },
      { text: '\n\nStandard: 2–4 days. Track at ' },
      { text: 'https://brt.example/t?x=1', href: 'https://brt.example/t?x=1' },
      { text: '.' },
    ]);
    expect(messageRuns('2 ** 3 = 8, a lone ** stays')).toEqual([{ text: '2 ** 3 = 8, a lone ** stays' }]);
  });

  it('never turns markup into anything but text', () => {
    const body = '<b>hi</b> [x](javascript:alert(1)) **<img src=x onerror=alert(1)>**';
    const runs = messageRuns(body);
    expect(runs.some((r) => r.href)).toBe(false);
    expect(runs.map((r) => r.text).join('')).toBe('<b>hi</b> [x](javascript:alert(1)) <img src=x onerror=alert(1)>');
  });
});
