import { notePhone, restRecords, subOf } from './privacy';

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
  text: string;
  contentType: string;
}

/** One REST request. `body` is sent as JSON, `raw` as-is (for malformed bodies); the reply is parsed when JSON. */
export async function api<T = Record<string, unknown>>(
  baseUrl: string,
  method: string,
  path: string,
  opts: { token?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let payload: string | undefined;
  if (opts.raw !== undefined) payload = opts.raw;
  else if (opts.body !== undefined) payload = JSON.stringify(opts.body);
  if (payload !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    ...(payload !== undefined ? { body: payload } : {}),
  });
  const text = await res.text();
  const contentType = res.headers.get('content-type') ?? '';
  let body: unknown = text;
  if (contentType.includes('json')) body = JSON.parse(text);
  record(method, path, opts, res.status, body, text);
  return { status: res.status, body: body as T, text, contentType };
}

/** The success envelope's data, failing with the whole reply when it is not a success with that status. */
export function dataOf<T = Record<string, unknown>>(res: ApiResponse, status = 200): T {
  const body = res.body as { status?: string; data?: T };
  if (res.status !== status || body.status !== 'success') {
    throw new Error(`expected ${status} success, got ${res.status} ${res.text}`);
  }
  return body.data as T;
}

/** Every reply goes to the privacy check; sign-ups, logins and the demo list say which phones exist. */
function record(
  method: string,
  path: string,
  opts: { token?: string | null; body?: unknown },
  status: number,
  body: unknown,
  text: string,
) {
  restRecords.push({ method, path, requesterId: subOf(opts.token), text });
  const sent = (opts.body ?? {}) as { phone?: unknown };
  const got = (body ?? {}) as { data?: { user?: { id?: string }; accounts?: { phone?: unknown }[] } };
  if (path.startsWith('/api/auth/')) notePhone(sent.phone, status < 300 ? (got.data?.user?.id ?? null) : null);
  if (path === '/api/demo/accounts') for (const a of got.data?.accounts ?? []) notePhone(a.phone, null);
}
