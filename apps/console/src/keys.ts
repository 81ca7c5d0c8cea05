/** The console's keyboard shortcuts, listed on `?`. Handlers live where the action is. */
export const SHORTCUTS: { keys: string; what: string }[] = [
  { keys: 'j / k', what: 'Next / previous conversation in the list' },
  { keys: 'Enter or o', what: 'Open the selected conversation' },
  { keys: 't', what: 'Take over the open conversation' },
  { keys: 'r', what: 'Write a reply' },
  { keys: 'n', what: 'Write an internal note' },
  { keys: 'Enter', what: 'Send (Shift+Enter: new line)' },
  { keys: '/', what: 'In the composer: canned replies by shortcut' },
  { keys: 'e', what: 'Resolve the open conversation' },
  { keys: 'p', what: 'Mark it pending (waiting on the shopper)' },
  { keys: 's', what: 'Search conversations' },
  { keys: '1 … 7', what: 'Queued, mine, bot, open, pending, snoozed, resolved' },
  { keys: 'g i / g k / g s / g r', what: 'Go to inbox, knowledge base, settings, reports' },
  { keys: 'Esc', what: 'Leave the composer or close a dialog' },
  { keys: '?', what: 'Show this list' },
];

/** True when a key press is meant for a text field, not for a shortcut. */
export function typingInField(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (!target) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

/** Whether a key press carries a modifier that belongs to the browser. */
export function withModifier(event: KeyboardEvent): boolean {
  return event.ctrlKey || event.metaKey || event.altKey;
}
