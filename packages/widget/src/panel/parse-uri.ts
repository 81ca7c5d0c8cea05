/**
 * Stands in for engine.io-client's `contrib/parseuri.js` (a 1 KB regular-expression URI parser) in
 * the panel's build (vite.panel.config.ts): the browser's own URL parser gives the same fields, for
 * the only URL the widget ever connects to (its server's origin and namespace). Hand-written for
 * bytes: the chat's budget. Returns what socket.io-client's `url()` and engine.io-client's socket
 * read: source, protocol (no colon), host (IPv6 without brackets), port ('' when default), path,
 * query and queryKey.
 */
export function parse(str: string) {
  const u = new URL(/^[a-z][a-z\d+.-]*:\/\//i.test(str) ? str : 'http://' + str);
  const query = u.search.slice(1);
  return {
    source: str,
    protocol: u.protocol.slice(0, -1),
    host: u.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: u.port,
    path: u.pathname,
    query,
    queryKey: Object.fromEntries(new URLSearchParams(query)),
  };
}
