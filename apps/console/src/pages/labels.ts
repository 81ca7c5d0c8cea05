/** Names the pages show for codes the server stores. */

/** The languages a knowledge-base article and the widget texts may be in (the server's `kbLocaleSchema`). */
export const LOCALES = ['en', 'it', 'de', 'fr', 'es'] as const;
export type Locale = (typeof LOCALES)[number];

export const LOCALE_NAMES: Record<string, string> = { en: 'English', it: 'Italian', de: 'German', fr: 'French', es: 'Spanish' };

export const localeName = (code: string) => LOCALE_NAMES[code] ?? code;

/** Why the bot hands a conversation to a human (the bot's `HandoffReason`, and `unspecified`). */
export const HANDOFF_REASONS: Record<string, string> = {
  requested: 'The shopper asked for a person',
  frustration: 'The shopper was frustrated',
  complaint: 'Complaint',
  low_confidence: 'The bot did not know the answer',
  order_not_found: 'Order not found',
  order_source_error: 'The store could not be reached',
  return_outside_policy: 'Return outside the policy',
  return_needs_approval: 'Return needs approval',
  unsupported_request: 'Request the bot cannot handle',
  reopened: 'The shopper wrote again after it was resolved',
  attachment: 'The shopper sent a file',
  unspecified: 'No reason given',
};

export const handoffReason = (code: string) => HANDOFF_REASONS[code] ?? code.replace(/_/g, ' ');

export const INTENTS: Record<string, string> = {
  faq: 'Question answered from the knowledge base',
  order_status: 'Order status',
  return: 'Return',
  handoff: 'Hand-off to a person',
  smalltalk: 'Small talk',
  out_of_scope: 'Outside what the bot handles',
};
