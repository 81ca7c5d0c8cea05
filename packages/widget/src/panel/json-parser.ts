/**
 * A text-only Socket.IO packet parser (protocol 5), used in place of `socket.io-parser` (the
 * panel's Vite config aliases it here; socket.io-client also accepts it as its `parser` option).
 * It writes and reads exactly what the default parser writes for JSON payloads — every packet of
 * the `/visitor` namespace — and leaves out binary attachments, which Sportello never sends; a
 * binary packet is refused as a parse error. That keeps about 3 KB (gzip) out of the panel.
 */

export const protocol = 5;

export enum PacketType {
  CONNECT,
  DISCONNECT,
  EVENT,
  ACK,
  CONNECT_ERROR,
  BINARY_EVENT,
  BINARY_ACK,
}

export interface Packet {
  type: PacketType;
  nsp: string;
  id?: number;
  data?: unknown;
}

// Event names a server may not emit (socket.io-parser's RESERVED_EVENTS).
const RESERVED = ['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener'];
const PACKET_RE = /^([0-6])(?:(\/[^,]*),?)?(\d*)([\s\S]*)$/;

export class Encoder {
  /** One string per packet, as the default encoder writes it: type, `nsp,` unless `/`, id, JSON. */
  encode(packet: Packet): string[] {
    let s = '' + packet.type;
    if (packet.nsp && packet.nsp !== '/') s += packet.nsp + ',';
    if (packet.id != null) s += packet.id;
    if (packet.data != null) s += JSON.stringify(packet.data);
    return [s];
  }
}

type Listener = (packet: Packet) => void;

export class Decoder {
  private listeners: Listener[] = [];

  on(event: 'decoded', fn: Listener): this {
    if (event === 'decoded') this.listeners.push(fn);
    return this;
  }

  off(event?: string, fn?: Listener): this {
    this.listeners = fn ? this.listeners.filter((l) => l !== fn) : [];
    return this;
  }

  /** Decodes one engine.io message; throws on anything malformed (the manager closes the socket). */
  add(chunk: unknown): void {
    if (typeof chunk !== 'string') throw new Error('binary packets are not supported');
    const m = PACKET_RE.exec(chunk);
    if (!m) throw new Error('invalid packet');
    const packet: Packet = { type: Number(m[1]), nsp: m[2] || '/' };
    if (packet.type >= PacketType.BINARY_EVENT) throw new Error('binary packets are not supported');
    if (m[3]) packet.id = Number(m[3]);
    if (m[4]) {
      let data: unknown;
      try {
        data = JSON.parse(m[4]);
      } catch {
        throw new Error('invalid payload');
      }
      if (!isPayloadValid(packet.type, data)) throw new Error('invalid payload');
      packet.data = data;
    }
    this.listeners.slice().forEach((l) => l(packet));
  }

  destroy(): void {
    this.listeners = [];
  }
}

function isPayloadValid(type: PacketType, data: unknown): boolean {
  const isObject = Object.prototype.toString.call(data) === '[object Object]';
  switch (type) {
    case PacketType.CONNECT:
      return isObject;
    case PacketType.DISCONNECT:
      return data === undefined;
    case PacketType.CONNECT_ERROR:
      return typeof data === 'string' || isObject;
    case PacketType.EVENT:
      return (
        Array.isArray(data) &&
        (typeof data[0] === 'number' || (typeof data[0] === 'string' && RESERVED.indexOf(data[0]) === -1))
      );
    case PacketType.ACK:
      return Array.isArray(data);
    default:
      return false;
  }
}
