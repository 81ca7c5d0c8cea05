import { createRequire } from 'node:module';
import { realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Decoder, Encoder, PacketType, type Packet } from '../src/panel/json-parser';

// The reference: the socket.io-parser that socket.io-client (and the server) use.
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const clientDir = realpathSync(join(root, 'node_modules/socket.io-client'));
const reference = createRequire(join(clientDir, 'package.json'))('socket.io-parser') as {
  Encoder: new () => { encode(p: unknown): unknown[] };
  Decoder: new () => { on(e: string, fn: (p: unknown) => void): void; add(s: string): void };
  protocol: number;
};

const packets: Packet[] = [
  { type: PacketType.CONNECT, nsp: '/visitor', data: { siteKey: 'demo', token: 'abcdefghijkl' } },
  { type: PacketType.CONNECT, nsp: '/visitor', data: { sid: 'x1' } },
  { type: PacketType.DISCONNECT, nsp: '/visitor' },
  { type: PacketType.EVENT, nsp: '/visitor', data: ['message:new', { id: 'm', body: 'Ciao, "tu"!\n,[]{}/12' }] },
  { type: PacketType.EVENT, nsp: '/visitor', id: 12, data: ['sync', { cursors: [] }] },
  { type: PacketType.EVENT, nsp: '/', data: ['x'] },
  { type: PacketType.ACK, nsp: '/visitor', id: 7, data: [{ ok: true, id: 'a', seq: 3 }] },
  { type: PacketType.ACK, nsp: '/', id: 0, data: [] },
  { type: PacketType.CONNECT_ERROR, nsp: '/visitor', data: { message: 'nope', data: { code: 'ORIGIN_NOT_ALLOWED' } } },
  { type: PacketType.CONNECT_ERROR, nsp: '/visitor', data: 'Invalid namespace' },
];

function decodeWith(decoder: { on(e: string, fn: (p: unknown) => void): unknown; add(s: string): void }, s: string): unknown {
  let out: unknown;
  decoder.on('decoded', (p) => (out = p));
  decoder.add(s);
  return out;
}

describe('json-parser', () => {
  it('speaks the same protocol version', async () => {
    expect(reference.protocol).toBe((await import('../src/panel/json-parser')).protocol);
  });

  it.each(packets.map((p) => [JSON.stringify(p), p] as const))('encodes like socket.io-parser: %s', (_, packet) => {
    expect(new Encoder().encode(packet)).toEqual(new reference.Encoder().encode(packet));
  });

  it.each(packets.map((p) => [JSON.stringify(p), p] as const))('decodes what socket.io-parser writes: %s', (_, packet) => {
    const [wire] = new reference.Encoder().encode(packet) as string[];
    expect(decodeWith(new Decoder(), wire!)).toEqual(decodeWith(new reference.Decoder(), wire!));
  });

  it.each(['9', '2/visitor,["connect"]', '2["disconnect"]', '2{"a":1}', '0/visitor,[1]', '1/visitor,{}', '2[broken'])(
    'refuses %j like socket.io-parser does',
    (wire) => {
      expect(() => decodeWith(new reference.Decoder(), wire)).toThrow();
      expect(() => decodeWith(new Decoder(), wire)).toThrow();
    },
  );

  it('refuses binary packets and frames, which Sportello never sends', () => {
    expect(() => new Decoder().add('51-["x",{"_placeholder":true,"num":0}]')).toThrow();
    expect(() => new Decoder().add(new ArrayBuffer(2))).toThrow();
  });
});
