import { ERRORS, errorBody, type ErrorBody, type ErrorCode } from '@sportello/protocol';
import { ZodError } from 'zod';

/** A failure meant for the client: its code comes from the protocol's error table. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
  ) {
    super(message ?? ERRORS[code].message);
    this.name = 'AppError';
  }

  get status(): number {
    return ERRORS[this.code].status;
  }
}

// Connection-level failures of PostgreSQL (class 08, shutdown 57P0x) and of the socket under it.
const DB_DOWN_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03', '53300']);

/** True when an error means the database cannot be reached right now (retrying later may work). */
export function isDbUnavailable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as { code?: unknown; message?: unknown; cause?: unknown };
  if (typeof e.code === 'string' && (DB_DOWN_CODES.has(e.code) || e.code.startsWith('08'))) return true;
  if (typeof e.message === 'string' && /Connection terminated|connection timeout|Client has encountered a connection error|Cannot use a pool after calling end/i.test(e.message)) {
    return true;
  }
  return e.cause !== undefined && e.cause !== error ? isDbUnavailable(e.cause) : false;
}

/** The `{ error }` body and HTTP status for anything thrown; unknown errors become `INTERNAL`. */
export function toErrorResponse(error: unknown): { status: number; body: ErrorBody; unexpected: boolean } {
  if (error instanceof AppError) return { status: error.status, body: errorBody(error.code, error.message), unexpected: false };
  if (error instanceof ZodError) {
    return { status: 400, body: errorBody('VALIDATION_FAILED', describeZodError(error)), unexpected: false };
  }
  // PostgreSQL's statement timeout (query_canceled): an agent's query cut off, not a fault.
  if (pgCode(error) === '57014') return { status: 503, body: errorBody('QUERY_TIMEOUT'), unexpected: false };
  if (isDbUnavailable(error)) return { status: 503, body: errorBody('SERVICE_UNAVAILABLE'), unexpected: false };
  return { status: 500, body: errorBody('INTERNAL'), unexpected: true };
}

/** The PostgreSQL error code of an error or of its cause (drizzle wraps the driver's). */
function pgCode(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string') return e.code;
  }
  return undefined;
}

/** One readable line from a schema failure: `body: the message is empty`. */
export function describeZodError(error: ZodError): string {
  const issue = error.issues[0];
  if (!issue) return ERRORS.VALIDATION_FAILED.message;
  const path = issue.path.map(String).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}
