import type { Socket } from 'socket.io';
import type { FastifyBaseLogger } from 'fastify';
import type { z } from 'zod';
import { errorBody, type ErrorCode } from '@sportello/protocol';
import { describeZodError, toErrorResponse } from '../app-error';

type AckCallback = (response: unknown) => void;

// Fault tests only: a send whose clientId starts with this is stored but never acked (the process
// says `ack held <clientId>` on stdout), so a test can kill the process between commit and ack.
const HOLD_ACK_PREFIX = process.env.SPORTELLO_TEST_HOLD_ACK_PREFIX;

/**
 * Registers a socket event whose payload is validated by `schema`. The handler's result is acked
 * as `{ ok: true, ...result }`; a bad payload or any failure is acked as `{ ok: false, error }`.
 * Nothing a client sends can throw out of here, so a hostile payload never takes the process down.
 */
export function handle<S extends z.ZodType, R extends object | void>(
  socket: Socket,
  event: string,
  schema: S,
  handler: (payload: z.output<S>) => Promise<R> | R,
  log: FastifyBaseLogger,
): void {
  socket.on(event, async (...args: unknown[]) => {
    const last = args[args.length - 1];
    const ack: AckCallback | undefined = typeof last === 'function' ? (last as AckCallback) : undefined;
    if (ack) args.pop();
    const parsed = schema.safeParse(args[0] === undefined ? {} : args[0]);
    if (!parsed.success) {
      ack?.({ ok: false, ...errorBody('VALIDATION_FAILED', describeZodError(parsed.error)) });
      return;
    }
    try {
      const result = await handler(parsed.data);
      const clientId = HOLD_ACK_PREFIX && (parsed.data as { clientId?: unknown }).clientId;
      if (typeof clientId === 'string' && clientId.startsWith(HOLD_ACK_PREFIX!)) {
        process.stdout.write(`ack held ${clientId}\n`);
        return;
      }
      ack?.({ ok: true, ...(result ?? {}) });
    } catch (error) {
      const { body, unexpected } = toErrorResponse(error);
      if (unexpected) log.error({ err: error, event }, 'socket handler failed');
      ack?.({ ok: false, ...body });
    }
  });
}

/** An error for a refused handshake; the client sees `err.message` and `err.data.code`. */
export function connectError(code: ErrorCode, message?: string): Error & { data: { code: ErrorCode } } {
  const body = errorBody(code, message);
  return Object.assign(new Error(body.error.message), { data: { code } });
}
