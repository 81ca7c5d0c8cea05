// A worker of the idle-connections benchmark: opens `count` widget connections (the /visitor
// namespace over WebSocket, as the widget does once a shopper opens the chat) and holds them.
// Driven over IPC by idle-connections.ts.
import { io as connect, type Socket } from 'socket.io-client';

interface Start {
  url: string;
  count: number;
  concurrency: number;
}

const sockets: Socket[] = [];
let dropped = 0;

async function open(url: string): Promise<boolean> {
  const socket = connect(`${url}/visitor`, {
    transports: ['websocket'],
    autoConnect: false,
    reconnection: false,
    forceNew: true,
    extraHeaders: { origin: 'http://bench.local' },
    auth: { siteKey: 'bench' },
  });
  const ok = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 60_000);
    // Connected once the visitor token is issued (the handshake has stored the visitor).
    socket.once('visitor:session', () => {
      clearTimeout(timer);
      resolve(true);
    });
    socket.once('connect_error', () => {
      clearTimeout(timer);
      resolve(false);
    });
    socket.connect();
  });
  if (!ok) {
    socket.disconnect();
    return false;
  }
  socket.on('disconnect', () => dropped++);
  sockets.push(socket);
  return true;
}

process.on('message', async (message: { start?: Start; status?: true; close?: true }) => {
  if (message.start) {
    const { url, count, concurrency } = message.start;
    let next = 0;
    let failed = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < count) {
          next++;
          if (!(await open(url))) failed++;
        }
      }),
    );
    process.send!({ opened: sockets.length, failed });
  } else if (message.status) {
    process.send!({ connected: sockets.filter((s) => s.connected).length, dropped });
  } else if (message.close) {
    for (const socket of sockets) socket.disconnect();
    process.send!({ closed: true }, () => process.exit(0));
  }
});
