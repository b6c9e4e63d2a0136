/** Thin fetch wrapper for the luoshi API: bearer token, JSON, one error type. */

const TOKEN_KEY = 'luoshi.token';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly messageZh: string,
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const tokenStore = {
  get: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set: (token: string): void => sessionStorage.setItem(TOKEN_KEY, token),
  clear: (): void => sessionStorage.removeItem(TOKEN_KEY),
};

let onUnauthorized: () => void = () => undefined;
/** Called when the API answers 401 to a signed-in request (the login expired). */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  json?: unknown;
  form?: FormData;
  query?: Record<string, string | number | boolean | undefined | null>;
}

export function withQuery(path: string, query?: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = tokenStore.get();
  if (token) headers.authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (options.form) body = options.form;
  else if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), { method: options.method ?? 'GET', headers, body });
  } catch {
    throw new ApiError(0, 'NETWORK', 'The server cannot be reached', '无法连接服务器，请检查网络后重试');
  }
  if (!response.ok) {
    const data = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (response.status === 401 && token) onUnauthorized();
    throw new ApiError(
      response.status,
      String(data.code ?? response.status),
      String(data.message ?? response.statusText),
      String(data.messageZh ?? data.message ?? `请求失败（${response.status}）`),
      data,
    );
  }
  return response;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** Every list route answers one page: `{ items, total, page, pageSize }` (?page=&pageSize=). */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * All of a paged list, page by page (`pageSize` up to what the route allows: 1000 for users and
 * bureaus, 200 for the rest). For lists a form picks from, bounded by their nature.
 */
export async function apiAll<T>(path: string, query: RequestOptions['query'] = {}, pageSize = 200): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page += 1) {
    const got = await api<Page<T>>(path, { query: { ...query, page, pageSize } });
    items.push(...got.items);
    if (got.items.length === 0 || items.length >= got.total) return items;
  }
}

/** Opens an authenticated HTML page (the scorecard) in a new tab, through a temporary object URL. */
export async function openPage(path: string, query: RequestOptions['query']): Promise<void> {
  const response = await send(path, { query });
  const url = URL.createObjectURL(new Blob([await response.text()], { type: 'text/html' }));
  window.open(url, '_blank', 'noopener');
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Downloads an authenticated file (exports) through a temporary object URL. */
export async function download(path: string, query: RequestOptions['query'], fileName: string): Promise<void> {
  const response = await send(path, { query });
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
