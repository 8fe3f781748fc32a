import { ErrorResponse } from '@calling/protocol';

/** Anything with zod's `parse`: the protocol's schemas, or a small parser of our own. */
export interface Parser<T> {
  parse(value: unknown): T;
}

export const arrayOf = <T>(item: Parser<T>): Parser<T[]> => ({
  parse(value) {
    if (!Array.isArray(value)) throw new ApiError('invalid_payload', 'expected a list', 0);
    return value.map((v) => item.parse(v));
  },
});

/** A REST error with the server's code (unauthorized, booking_not_callable, ...). */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface Http {
  get<T>(path: string, schema: Parser<T>): Promise<T>;
  send<T>(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, schema: Parser<T>, body?: unknown): Promise<T>;
}

/** fetch against the calling server, unwrapping `{status, data}` and checking `data` against its schema. */
export function createHttp(serverUrl: string, token: string | null): Http {
  async function request<T>(method: string, path: string, schema: Parser<T>, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${serverUrl}${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError('network', 'Cannot reach the server', 0);
    }
    const json: unknown = await res.json().catch(() => null);
    if (json && typeof json === 'object' && (json as { status?: unknown }).status === 'success') {
      return schema.parse((json as { data: unknown }).data);
    }
    const error = ErrorResponse.safeParse(json);
    if (error.success) throw new ApiError(error.data.code, error.data.message, res.status);
    throw new ApiError('internal', `Unexpected answer from the server (${res.status})`, res.status);
  }
  return {
    get: (path, schema) => request('GET', path, schema),
    send: (method, path, schema, body) => request(method, path, schema, body),
  };
}
