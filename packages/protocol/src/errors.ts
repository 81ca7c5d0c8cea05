/**
 * The one table of error codes. Every failure a client sees, over REST or in a socket ack,
 * is `{ error: { code, message } }` with a code from here; REST answers with `status`.
 */
export const ERRORS = {
  VALIDATION_FAILED: { status: 400, message: 'The request is not valid.' },
  UNAUTHENTICATED: { status: 401, message: 'Sign in first.' },
  INVALID_CREDENTIALS: { status: 401, message: 'Wrong email or password.' },
  FORBIDDEN: { status: 403, message: 'You are not allowed to do this.' },
  ORIGIN_NOT_ALLOWED: { status: 403, message: 'This website is not allowed to use this chat.' },
  SITE_NOT_FOUND: { status: 404, message: 'Unknown site key.' },
  NOT_FOUND: { status: 404, message: 'Not found.' },
  CONVERSATION_CLOSED: { status: 409, message: 'This conversation is closed; start a new one.' },
  INVALID_TRANSITION: { status: 409, message: 'The conversation cannot move to that status from its current one.' },
  CONFLICT: { status: 409, message: 'The request conflicts with the current state.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request is too large.' },
  FILE_TOO_LARGE: { status: 413, message: 'The file is larger than this chat accepts.' },
  FILE_TYPE_NOT_ALLOWED: { status: 415, message: 'This kind of file cannot be sent here.' },
  FILE_REJECTED: { status: 422, message: 'This file cannot be accepted.' },
  FILE_GONE: { status: 409, message: 'A file of this message is no longer available: attach it again.' },
  RATE_LIMITED: { status: 429, message: 'Too many requests; slow down and try again shortly.' },
  QUERY_TIMEOUT: { status: 503, message: 'This took too long to answer: narrow it (more words, one site, a shorter range) and try again.' },
  SERVICE_UNAVAILABLE: { status: 503, message: 'The service is temporarily unavailable; try again.' },
  INTERNAL: { status: 500, message: 'Something went wrong on our side.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** The body of every error, over REST and in socket acks. */
export interface ApiError {
  code: ErrorCode;
  message: string;
}

export interface ErrorBody {
  error: ApiError;
}

/** Builds the error body for a code, with the table's message unless a more precise one is given. */
export function errorBody(code: ErrorCode, message?: string): ErrorBody {
  return { error: { code, message: message ?? ERRORS[code].message } };
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERRORS, value);
}
