/**
 * Calls to the control plane (/_mock/...) over HTTP for the tests: plain JSON, as a user's curl or
 * test code would send it.
 */
export interface ControlResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export async function control<T = any>(baseUrl: string, method: string, path: string, body?: unknown, raw?: string): Promise<ControlResponse<T>> {
  const text = raw ?? (body === undefined ? undefined : JSON.stringify(body));
  const response = await fetch(`${baseUrl}/_mock${path}`, {
    method,
    body: text,
    headers: text === undefined ? {} : { 'content-type': 'application/json' },
  });
  const answer = await response.text();
  return { status: response.status, body: (answer === '' ? undefined : JSON.parse(answer)) as T, headers: response.headers };
}

/** A state document without the parts that change on every read (when it was written). */
export function comparable(state: Record<string, unknown>): Record<string, unknown> {
  const { writtenAt: _writtenAt, ...rest } = state;
  return rest;
}
