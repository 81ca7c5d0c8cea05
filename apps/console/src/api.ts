import type { AgentProfile, ApiError, Attachment } from '@sportello/protocol';

/** A refused request: the server's `{ error: { code, message } }`, or a network failure. */
export class RequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

type Query = Record<string, string | number | boolean | null | undefined>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** Called when the session is gone (expired, revoked): the app shows the sign-in form. */
let onSignedOut: () => void = () => {};
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

/**
 * Calls the REST API under `/api/v1` with the session cookie. Resolves with the JSON body;
 * rejects with a `RequestError` carrying the server's code and message.
 */
export async function api<T = unknown>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, options: { query?: Query; body?: unknown } = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(withQuery(`/api/v1${path}`, options.query), {
      method,
      credentials: 'same-origin',
      headers: options.body === undefined ? {} : { 'content-type': 'application/json' },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new RequestError('NETWORK', 'The server cannot be reached. Check the connection and try again.', 0);
  }
  if (response.status === 204) return undefined as T;
  let payload: unknown = null;
  try {
    payload = await response.json();
  } catch {
    // Not JSON: handled below by the status.
  }
  if (!response.ok) {
    const error = (payload as { error?: ApiError } | null)?.error;
    if (response.status === 401 && path !== '/auth/login') onSignedOut();
    throw new RequestError(error?.code ?? 'HTTP_ERROR', error?.message ?? `The server answered ${response.status}.`, response.status);
  }
  return payload as T;
}

export const get = <T>(path: string, query?: Query) => api<T>('GET', path, { query });
export const post = <T>(path: string, body: unknown = {}) => api<T>('POST', path, { body });
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, { body });
export const del = <T>(path: string) => api<T>('DELETE', path);

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : 'Something went wrong.';
}

export type { AgentProfile };

/**
 * Uploads one file as multipart/form-data (XMLHttpRequest, for its upload progress), resolving
 * with the stored file or rejecting with the server's message (the file's refusal says why).
 */
export function uploadFile(path: string, file: File, progress: (done: number) => void): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.upload.onprogress = (e) => e.total && progress(e.loaded / e.total);
    xhr.onload = () => {
      let payload: { attachment?: Attachment; error?: ApiError } | null = null;
      try {
        payload = JSON.parse(xhr.responseText);
      } catch {
        // Not JSON: a proxy's page.
      }
      if (payload?.attachment) resolve(payload.attachment);
      else reject(new RequestError(payload?.error?.code ?? 'HTTP_ERROR', payload?.error?.message ?? `The server answered ${xhr.status}.`, xhr.status));
    };
    xhr.onerror = () => reject(new RequestError('NETWORK', 'The server cannot be reached. Check the connection and try again.', 0));
    const form = new FormData();
    form.append('file', file);
    xhr.send(form);
  });
}
