import type { AgentConversation, ConversationStatus } from '@sportello/protocol';

export type ViewId = 'queued' | 'mine' | 'bot' | 'open' | 'pending' | 'snoozed' | 'resolved' | 'all';

export interface Filters {
  siteId: string;
  /** '' any, 'me', 'none' or an agent id. */
  assignee: string;
  priority: '' | AgentConversation['priority'];
}

interface ViewDef {
  id: ViewId;
  label: string;
  statuses: ConversationStatus[] | null;
  assignee?: 'me';
  snoozed?: boolean;
  order: 'recent' | 'waiting';
}

/** The inbox lists: each is a query for the REST list and the same test for live updates. */
export const VIEWS: ViewDef[] = [
  { id: 'queued', label: 'Queued', statuses: ['queued'], order: 'waiting' },
  { id: 'mine', label: 'Mine', statuses: ['open', 'pending'], assignee: 'me', order: 'recent' },
  { id: 'bot', label: 'With the bot', statuses: ['bot'], order: 'recent' },
  { id: 'open', label: 'All open', statuses: ['open'], order: 'recent' },
  { id: 'pending', label: 'Pending', statuses: ['pending'], snoozed: false, order: 'recent' },
  { id: 'snoozed', label: 'Snoozed', statuses: ['pending'], snoozed: true, order: 'recent' },
  { id: 'resolved', label: 'Resolved', statuses: ['resolved', 'closed'], order: 'recent' },
  { id: 'all', label: 'All', statuses: null, order: 'recent' },
];

export function viewOf(id: string | undefined): ViewDef {
  return VIEWS.find((v) => v.id === id) ?? VIEWS[0]!;
}

export function isSnoozed(c: AgentConversation, now = Date.now()): boolean {
  return c.status === 'pending' && !!c.snoozedUntil && Date.parse(c.snoozedUntil) > now;
}

/** Whether a conversation belongs in a view under the filters (for live updates). */
export function matches(view: ViewDef, filters: Filters, c: AgentConversation, me: string): boolean {
  if (view.statuses && !view.statuses.includes(c.status)) return false;
  if (view.assignee === 'me' && c.assigneeId !== me) return false;
  if (view.snoozed !== undefined && isSnoozed(c) !== view.snoozed) return false;
  if (filters.siteId && c.siteId !== filters.siteId) return false;
  if (filters.priority && c.priority !== filters.priority) return false;
  // A view with its own assignee (mine) ignores the assignee filter, as its query does.
  if (!view.assignee) {
    if (filters.assignee === 'me' && c.assigneeId !== me) return false;
    if (filters.assignee === 'none' && c.assigneeId) return false;
    if (filters.assignee && !['me', 'none'].includes(filters.assignee) && c.assigneeId !== filters.assignee) return false;
  }
  return true;
}

/** The REST query of a view. */
export function queryOf(view: ViewDef, filters: Filters, q: string): Record<string, string | number> {
  const query: Record<string, string | number> = { order: view.order, limit: 50 };
  if (view.statuses) query.status = view.statuses.join(',');
  if (view.assignee) query.assignee = view.assignee;
  else if (filters.assignee) query.assignee = filters.assignee;
  if (view.snoozed !== undefined) query.snoozed = String(view.snoozed);
  if (filters.siteId) query.siteId = filters.siteId;
  if (filters.priority) query.priority = filters.priority;
  if (q.trim()) query.q = q.trim();
  return query;
}

export function sortFor(view: ViewDef): (a: AgentConversation, b: AgentConversation) => number {
  if (view.order === 'waiting') {
    return (a, b) => (a.queuedAt ?? a.updatedAt).localeCompare(b.queuedAt ?? b.updatedAt) || a.id.localeCompare(b.id);
  }
  return (a, b) => b.updatedAt.localeCompare(a.updatedAt) || b.id.localeCompare(a.id);
}

export const PRIORITIES: AgentConversation['priority'][] = ['low', 'normal', 'high', 'urgent'];

const REASONS: Record<string, string> = {
  requested: 'The shopper asked for a person',
  frustration: 'The shopper seems frustrated',
  complaint: 'A complaint',
  low_confidence: 'The bot had no good answer',
  order_not_found: 'The order could not be found',
  order_source_error: 'The store could not be reached',
  return_outside_policy: 'A return outside the policy',
  return_needs_approval: 'A return waits for approval',
  unsupported_request: 'Something the bot cannot do',
  reopened: 'The shopper wrote again after it was resolved',
  attachment: 'The shopper sent a file for a person to see',
};

/** A handoff reason in words (unknown codes shown as they are). */
export function reasonText(reason: string | null): string | null {
  if (!reason) return null;
  return REASONS[reason] ?? reason.replace(/_/g, ' ');
}

/** "3 min", "2 h 5 min", "4 d": how long ago (or how long) from an ISO time. */
export function since(iso: string | null, now = Date.now()): string {
  if (!iso) return '';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d`;
}

export function clock(iso: string): string {
  const d = new Date(iso);
  const today = new Date().toDateString() === d.toDateString();
  return today ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : d.toLocaleString([], { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}
