import { useEffect, useState } from 'preact/hooks';

/** The console's place, from the URL hash: `#/inbox/queued/<conversation id>`, `#/kb`, … */
export interface Route {
  page: 'inbox' | 'kb' | 'settings' | 'reports';
  /** The rest of the path, split on `/`. */
  parts: string[];
}

const PAGES = ['inbox', 'kb', 'settings', 'reports'] as const;

export function parseRoute(hash: string): Route {
  const parts = hash
    .replace(/^#\/?/, '')
    .split('/')
    .filter(Boolean)
    .map((part) => {
      try {
        return decodeURIComponent(part);
      } catch {
        return part;
      }
    });
  const page = (PAGES as readonly string[]).includes(parts[0] ?? '') ? (parts[0] as Route['page']) : 'inbox';
  return { page, parts: page === parts[0] ? parts.slice(1) : [] };
}

export function navigate(path: string): void {
  const next = `#/${path.replace(/^\/+/, '')}`;
  if (location.hash !== next) location.hash = next;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}
