import { describe, expect, it } from 'vitest';
import { AGENT_TRANSITIONS, CONVERSATION_STATUSES, canAgentMove, statusAfterVisitorMessage } from './lifecycle';
import { ERRORS, errorBody } from './errors';
import { LIMITS } from './limits';
import { bodySchema, clientIdSchema, conversationListQuerySchema, identitySchema, messageSendSchema, pageSchema, rateSchema, siteSettingsPatchSchema } from './schemas';

describe('message payloads', () => {
  it('trims bodies, drops control characters and normalises line breaks', () => {
    expect(bodySchema.parse('  hi\r\nthere\u0000\u0007 ')).toBe('hi\nthere');
    expect(bodySchema.parse('tab\tkept')).toBe('tab\tkept');
    // C1 controls (NEL, CSI) and DEL go; line and paragraph separators become newlines.
    expect(bodySchema.parse('a\u0085b\u009b[31mc\u007f\u0080')).toBe('ab[31mc');
    expect(bodySchema.parse('one\u2028two\u2029three')).toBe('one\ntwo\nthree');
    // Letters next to the C1 range are text.
    expect(bodySchema.parse('caff\u00e8 \u00a0ok')).toBe('caff\u00e8 \u00a0ok');
  });

  it("cleans the other text a shopper's browser sends: names and page titles on one line, comments like bodies", () => {
    expect(identitySchema.parse({ name: ' Ada\u0000\n\u009bLovelace\t ' }).name).toBe('Ada Lovelace');
    expect(identitySchema.safeParse({ name: '\u0085\u0007' }).success).toBe(false);
    expect(pageSchema.parse({ url: 'https://shop.example/p', title: 'Shoes\r\n| Shop\u007f' }).title).toBe('Shoes | Shop');
    expect(rateSchema.parse({ conversationId: '6f1c1c52-3b0e-4d7e-9a51-0d0b5f1a2c3d', rating: 5, comment: ' great\r\nthanks\u0090 ' }).comment).toBe('great\nthanks');
  });

  it('refuses empty, blank, oversized and non-string bodies', () => {
    for (const bad of ['', '   ', '\u0000\u0001', 'x'.repeat(LIMITS.messageMaxLength + 1), 5, null, ['a'], { a: 1 }]) {
      expect(bodySchema.safeParse(bad).success, JSON.stringify(bad)?.slice(0, 30)).toBe(false);
    }
    expect(bodySchema.safeParse('x'.repeat(LIMITS.messageMaxLength)).success).toBe(true);
  });

  it('accepts client ids of safe characters only', () => {
    expect(clientIdSchema.safeParse('web-1732-abc_9:2').success).toBe(true);
    for (const bad of ['', 'has space', 'x'.repeat(LIMITS.clientIdMaxLength + 1), '<script>', 7]) {
      expect(clientIdSchema.safeParse(bad).success).toBe(false);
    }
  });

  it('takes a message of files alone, but not an empty one', () => {
    const base = { conversationId: '6f1c1c52-3b0e-4d7e-9a51-0d0b5f1a2c3d', clientId: 'a' };
    expect(messageSendSchema.safeParse({ ...base, body: ' \u0000 ' }).success).toBe(false);
    expect(messageSendSchema.safeParse(base).success).toBe(false);
    expect(messageSendSchema.parse({ ...base, attachments: [base.conversationId] })).toMatchObject({ body: '', attachments: [base.conversationId] });
    expect(messageSendSchema.safeParse({ ...base, body: 'x', attachments: Array(LIMITS.messageAttachmentsMax + 1).fill(base.conversationId) }).success).toBe(false);
    expect(messageSendSchema.safeParse({ ...base, body: 'x', attachments: ['../etc/passwd'] }).success).toBe(false);
  });

  it('drops unknown keys, including prototype keys', () => {
    const parsed = messageSendSchema.parse(
      JSON.parse('{"conversationId":"6f1c1c52-3b0e-4d7e-9a51-0d0b5f1a2c3d","clientId":"a","body":"b","__proto__":{"x":1},"admin":true}'),
    );
    expect(Object.keys(parsed).sort()).toEqual(['attachments', 'body', 'clientId', 'conversationId']);
    expect((parsed as Record<string, unknown>).x).toBeUndefined();
  });

  it('reads list filters from a query string', () => {
    expect(conversationListQuerySchema.parse({ status: 'queued,open', limit: '10' })).toMatchObject({ status: ['queued', 'open'], limit: 10 });
    expect(conversationListQuerySchema.safeParse({ status: 'queued,nope' }).success).toBe(false);
    expect(conversationListQuerySchema.safeParse({ limit: String(LIMITS.pageSizeMax + 1) }).success).toBe(false);
  });
});

describe('lifecycle', () => {
  it('never leaves closed, and moves a waiting conversation when the shopper writes', () => {
    expect(AGENT_TRANSITIONS.closed).toEqual([]);
    for (const status of CONVERSATION_STATUSES) expect(canAgentMove('closed', status)).toBe(false);
    expect(canAgentMove('open', 'pending')).toBe(true);
    expect(canAgentMove('pending', 'queued')).toBe(false);
    expect(statusAfterVisitorMessage('pending')).toBe('open');
    // A resolved one is reopened after the write, by the server's reopen policy.
    expect(statusAfterVisitorMessage('resolved')).toBeNull();
    expect(statusAfterVisitorMessage('open')).toBeNull();
  });
});

describe('errors', () => {
  it('gives every code a client status and a message', () => {
    for (const [code, entry] of Object.entries(ERRORS)) {
      expect(entry.status, code).toBeGreaterThanOrEqual(400);
      expect(entry.message.length, code).toBeGreaterThan(5);
    }
    expect(errorBody('NOT_FOUND')).toEqual({ error: { code: 'NOT_FOUND', message: ERRORS.NOT_FOUND.message } });
  });
});

describe('site settings: where the launcher sits and where it hides', () => {
  const parse = (settings: unknown) => siteSettingsPatchSchema.safeParse(settings).success;
  it('takes offsets in whole pixels from 0 to 400', () => {
    expect(parse({ launcherOffset: { bottom: 0, side: 400 } })).toBe(true);
    for (const bad of [{ bottom: -1, side: 20 }, { bottom: 20, side: 401 }, { bottom: 1.5, side: 20 }, { bottom: '20px', side: 20 }, { bottom: 20 }]) {
      expect(parse({ launcherOffset: bad }), JSON.stringify(bad)).toBe(false);
    }
  });
  it('takes paths with at most two *, and nothing else', () => {
    expect(parse({ hideOn: ['/checkout', '/checkout*', '/account/*/orders/*', '/a.b?(c)'] })).toBe(true);
    for (const bad of ['checkout', '/a b', '/*/*/*', '', 'https://shop.example/checkout']) {
      expect(parse({ hideOn: [bad] }), bad).toBe(false);
    }
    expect(parse({ hideOn: Array.from({ length: 21 }, (_, i) => `/p${i}`) })).toBe(false);
  });
});
