import type { Route } from '../router';

export function Inbox(_props: { route: Route }) {
  return <p>Inbox</p>;
}
