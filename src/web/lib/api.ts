import type { ErrorDto } from '#src/core/errors.ts';

/** The one way the page talks to the server: JSON over fetch, with the CSRF token on changes. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
export const setCsrfToken = (token: string | null) => {
  csrfToken = token;
};
export const getCsrfToken = () => csrfToken;

export async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(url, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (response.status === 204) return undefined as T;
  const data = (await response.json().catch(() => null)) as
    | (T & { error?: undefined })
    | ErrorDto
    | null;
  if (!response.ok) {
    const e = data && 'error' in data && data.error ? data.error : { code: 'HTTP_ERROR', message: response.statusText };
    throw new ApiError(response.status, e.code, e.message, 'field' in e ? e.field : undefined);
  }
  return data as T;
}
