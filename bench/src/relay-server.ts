// The floor: a plain Socket.IO relay with the same event shapes and no storage. A visitor's
// `message:send` is acked at once and emitted to its paired agent. Prints `{"port":N}`.
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const http = createServer();
const io = new Server(http, { serveClient: false, maxHttpBufferSize: 64 * 1024 });
const seqs = new Map<string, number>();

io.of('/agent').on('connection', (socket) => {
  socket.on('conversation:join', (payload: { conversationId: string }, ack?: (r: unknown) => void) => {
    void socket.join(`conv:${payload.conversationId}`);
    ack?.({ ok: true, messages: [], hasMore: false });
  });
  socket.on('conversation:takeover', (_payload: unknown, ack?: (r: unknown) => void) => ack?.({ ok: true }));
});

io.of('/visitor').on('connection', (socket) => {
  socket.on('conversation:start', (_payload: unknown, ack?: (r: unknown) => void) => {
    ack?.({ ok: true, conversation: { id: socket.id } });
  });
  socket.on('message:send', (payload: { conversationId: string; clientId: string; body: string }, ack?: (r: unknown) => void) => {
    const seq = (seqs.get(payload.conversationId) ?? 0) + 1;
    seqs.set(payload.conversationId, seq);
    const createdAt = new Date().toISOString();
    ack?.({ ok: true, id: payload.clientId, seq, createdAt });
    io.of('/agent')
      .to(`conv:${payload.conversationId}`)
      .emit('message:new', { id: payload.clientId, conversationId: payload.conversationId, seq, clientId: payload.clientId, author: { type: 'visitor', id: socket.id, name: null }, body: payload.body, internal: false, payload: null, createdAt });
  });
});

http.listen(0, '127.0.0.1', () => {
  const address = http.address() as { port: number };
  process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);
});
process.on('SIGTERM', () => io.close(() => process.exit(0)));
