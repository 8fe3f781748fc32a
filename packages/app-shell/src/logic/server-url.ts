/** The calling server: the configured URL, else (on the web) the page's own origin, else the local default. */
export function resolveServerUrl(configured: string | undefined, origin = pageOrigin()): string {
  if (configured) return configured.replace(/\/+$/, '');
  return origin?.startsWith('http') ? origin : 'http://127.0.0.1:3000';
}

function pageOrigin(): string | undefined {
  return (globalThis as { location?: { origin?: string } }).location?.origin;
}
