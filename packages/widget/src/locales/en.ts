/**
 * The panel's interface texts. English is bundled with the panel; every other locale is a module
 * of the same shape, loaded on demand. `{name}`-style slots are filled by `fill()`.
 */
export const en = {
  dialog: 'Chat with {site}',
  close: 'Close chat',
  greeting: 'Hi! How can we help you today?',
  placeholder: 'Write a message…',
  composerLabel: 'Message',
  send: 'Send',
  sending: 'Sending…',
  sent: 'Sent',
  seen: 'Seen',
  failed: 'Not sent',
  retry: 'Retry',
  discard: 'Delete',
  attach: 'Attach a photo or a file',
  tooLong: 'This message is too long ({n} characters at most).',
  reconnecting: 'Connection lost. Your messages will be sent when it is back.',
  unavailable: 'The chat is not available on this page.',
  typing: '{name} is typing…',
  you: 'You',
  bot: 'Assistant',
  agent: 'Support',
  today: 'Today',
  yesterday: 'Yesterday',
  history: 'Past conversations',
  messages: 'Messages',
  newConversation: 'New conversation',
  back: 'Back to the conversation',
  noHistory: 'No past conversations yet.',
  startedOn: 'Conversation of {date}',
  status_bot: 'With the assistant',
  status_queued: 'Waiting for an agent',
  status_open: 'Open',
  status_pending: 'Waiting for your reply',
  status_resolved: 'Resolved',
  status_closed: 'Closed',
  repliesMinutes: 'Usually replies in {n} min',
  repliesHours: 'Usually replies in about {n} h',
  closedNotice: 'This conversation is closed.',
  awayTitle: 'Our team is away right now.',
  backAt: 'A person will answer from {when}.',
  backSoon: 'A person will answer as soon as possible.',
  botMeanwhile: 'Our assistant can help you meanwhile.',
  emailAsk: 'Leave your email and we will write to you:',
  emailLabel: 'Your email',
  emailSave: 'Save',
  emailInvalid: 'Please enter a valid email address.',
  emailSaved: 'Thanks! We will write to {email}.',
  newMessage: 'New message from {name}: {text}',
  suggestions: 'Suggested replies',
  rateTitle: 'How did we do?',
  rateStar: '{n} out of 5',
  rateComment: 'Anything to add? (optional)',
  rateSend: 'Send rating',
  rateThanks: 'Thank you for your feedback!',
  opensInNewTab: '(opens in a new tab)',
};

/** The shape every locale module exports as `default`. */
export type Texts = typeof en;


/** Fills `{slot}`s of a text. */
export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}
