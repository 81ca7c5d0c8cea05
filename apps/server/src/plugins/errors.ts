import fp from 'fastify-plugin';
import { errorBody, type ErrorCode } from '@sportello/protocol';
import { toErrorResponse } from '../app-error';

// Fastify's own client errors (bad JSON, wrong content type, body too large...) by status.
const CLIENT_ERROR_CODES: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'VALIDATION_FAILED',
  429: 'RATE_LIMITED',
};

/** Every error leaves as `{ error: { code, message } }` with its status; never a stack trace. */
export const errorsPlugin = fp(async (app) => {
  app.setErrorHandler((error, request, reply) => {
    const fastifyStatus = (error as { statusCode?: number }).statusCode;
    if (fastifyStatus && fastifyStatus >= 400 && fastifyStatus < 500 && !(error instanceof Error && error.name === 'AppError')) {
      const code = CLIENT_ERROR_CODES[fastifyStatus] ?? 'VALIDATION_FAILED';
      const message = code === 'VALIDATION_FAILED' ? describeFastifyError(error) : undefined;
      return reply.status(code === 'VALIDATION_FAILED' ? 400 : fastifyStatus).send(errorBody(code, message));
    }
    const { status, body, unexpected } = toErrorResponse(error);
    if (unexpected) request.log.error({ err: error }, 'request failed');
    return reply.status(status).send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(errorBody('NOT_FOUND', `No route for ${request.method} ${request.url.split('?')[0]}.`));
  });
});

function describeFastifyError(error: unknown): string {
  const code = (error as { code?: string }).code ?? '';
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return 'Send the body as application/json.';
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return 'The JSON body is empty.';
  if (code.startsWith('FST_ERR_CTP') || error instanceof SyntaxError) return 'The body is not valid JSON.';
  return 'The request is not valid.';
}
