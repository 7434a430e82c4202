import { useEffect, useState } from 'preact/hooks';

export interface Route {
  /** The path after `#`, e.g. `/logs/0193…`. */
  path: string;
  /** Its query (`#/logs?model=x`). */
  query: URLSearchParams;
}

/** The dashboard routes by the URL's hash, so the gateway serves one page and links can be shared. */
export function useHashRoute(): Route {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const changed = (): void => setHash(location.hash);
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return parseHash(hash);
}

export function parseHash(hash: string): Route {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  const at = text.indexOf('?');
  const path = (at === -1 ? text : text.slice(0, at)) || '/';
  return { path, query: new URLSearchParams(at === -1 ? '' : text.slice(at + 1)) };
}

/** A link target for a route and its query (empty values left out). */
export function href(path: string, query: Record<string, string | undefined> = {}): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') search.set(name, value);
  const text = search.toString();
  return `#${path}${text === '' ? '' : `?${text}`}`;
}
