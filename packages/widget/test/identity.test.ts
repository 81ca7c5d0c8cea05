import { describe, expect, it } from 'vitest';
import { cleanIdentity } from '../src/core/identity';
import { pageOf } from '../src/core/page';

const hash = 'a'.repeat(64);

describe('cleanIdentity', () => {
  it('keeps what the server accepts, trimmed', () => {
    expect(cleanIdentity({ userId: ' 42 ', email: 'ada@example.com', name: ' Ada ', userHash: hash })).toEqual({
      userId: '42',
      email: 'ada@example.com',
      name: 'Ada',
      userHash: hash,
    });
  });

  it('leaves out fields that would make the server refuse the handshake', () => {
    expect(cleanIdentity({ userId: 'x'.repeat(201), email: 'not-an-email', name: '   ', userHash: 'abc' })).toBeUndefined();
    expect(cleanIdentity({ email: 'ada@example.com', userHash: 'g'.repeat(64) })).toEqual({ email: 'ada@example.com' });
    expect(cleanIdentity(null)).toBeUndefined();
    expect(cleanIdentity('ada' as never)).toBeUndefined();
  });

  it('accepts a numeric user id as the page may pass it', () => {
    expect(cleanIdentity({ userId: 42 as never })).toEqual({ userId: '42' });
  });
});

describe('pageOf', () => {
  it('sends http(s) pages only, within the limits', () => {
    expect(pageOf('https://shop.example.com/p', ' Scarf ')).toEqual({ url: 'https://shop.example.com/p', title: 'Scarf' });
    expect(pageOf('http://shop.example.com/', '')).toEqual({ url: 'http://shop.example.com/' });
    expect(pageOf('file:///index.html', 'x')).toBeUndefined();
    expect(pageOf('https://shop.example.com/?q=' + 'x'.repeat(2000), 'x')).toBeUndefined();
    expect(pageOf('https://shop.example.com/', 't'.repeat(400))?.title).toHaveLength(300);
  });
});
