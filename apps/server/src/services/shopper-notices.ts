import { eq } from 'drizzle-orm';
import { sites, visitors, type Database } from '@sportello/db';
import type { ConversationRow } from './conversation-view';

/**
 * What the server itself says to a shopper in a conversation (stored as `system` messages, so they
 * are in the history on every tab and in the console): who answers after the shopper wrote into a
 * resolved conversation, and the thank-you for a rating. One table per language the widget speaks.
 */
export interface NoticeTexts {
  ratingThanks: string;
  /** The assignee (by name, when known) has the shopper's message. */
  assigneeReplies: (name: string | null) => string;
  /** Back in the queue; `when` is the next opening, `now` true when agents are online and the shop is open. */
  backInQueue: (availability: { now: boolean; when: string | null }) => string;
  /** `Intl` locale the next opening is written in. */
  dateLocale: string;
}

const en: NoticeTexts = {
  ratingThanks: 'Thank you for your feedback!',
  assigneeReplies: (name) => `${name ?? 'The person who helped you'} has your message and will reply here shortly.`,
  backInQueue: ({ now, when }) =>
    now
      ? 'Your conversation is back in the queue; someone from our team will reply here shortly.'
      : `Your conversation is back in the queue. Our team is away right now; a person will reply here ${when ? `from ${when}` : 'as soon as possible'}.`,
  dateLocale: 'en-GB',
};

const it: NoticeTexts = {
  ratingThanks: 'Grazie per il tuo riscontro!',
  assigneeReplies: (name) => `${name ?? 'La persona che ti ha aiutato'} ha ricevuto il tuo messaggio e ti risponderà qui a breve.`,
  backInQueue: ({ now, when }) =>
    now
      ? 'La conversazione è di nuovo in coda: una persona del nostro team ti risponderà qui a breve.'
      : `La conversazione è di nuovo in coda. Il nostro team ora non è disponibile; una persona ti risponderà qui ${when ? `da ${when}` : 'appena possibile'}.`,
  dateLocale: 'it-IT',
};

const de: NoticeTexts = {
  ratingThanks: 'Danke für dein Feedback!',
  assigneeReplies: (name) => `${name ?? 'Die Person, die dir geholfen hat,'} hat deine Nachricht erhalten und antwortet dir hier in Kürze.`,
  backInQueue: ({ now, when }) =>
    now
      ? 'Deine Unterhaltung ist wieder in der Warteschlange; jemand aus unserem Team antwortet dir hier in Kürze.'
      : `Deine Unterhaltung ist wieder in der Warteschlange. Unser Team ist gerade nicht da; ein Mensch antwortet dir hier ${when ? `ab ${when}` : 'so bald wie möglich'}.`,
  dateLocale: 'de-DE',
};

const fr: NoticeTexts = {
  ratingThanks: 'Merci pour votre avis !',
  assigneeReplies: (name) => `${name ?? 'La personne qui vous a aidé'} a bien reçu votre message et vous répondra ici très bientôt.`,
  backInQueue: ({ now, when }) =>
    now
      ? 'Votre conversation est de nouveau en file d’attente ; un membre de notre équipe vous répondra ici très bientôt.'
      : `Votre conversation est de nouveau en file d’attente. Notre équipe est absente pour le moment ; une personne vous répondra ici ${when ? `à partir de ${when}` : 'dès que possible'}.`,
  dateLocale: 'fr-FR',
};

const es: NoticeTexts = {
  ratingThanks: '¡Gracias por tu opinión!',
  assigneeReplies: (name) => `${name ?? 'La persona que te atendió'} ha recibido tu mensaje y te responderá aquí en breve.`,
  backInQueue: ({ now, when }) =>
    now
      ? 'Tu conversación vuelve a estar en la cola; alguien de nuestro equipo te responderá aquí en breve.'
      : `Tu conversación vuelve a estar en la cola. Nuestro equipo no está disponible ahora; una persona te responderá aquí ${when ? `a partir del ${when}` : 'lo antes posible'}.`,
  dateLocale: 'es-ES',
};

const TEXTS: Record<string, NoticeTexts> = { en, it, de, fr, es };

/**
 * The texts for the first of `candidates` (e.g. the conversation's locale, the visitor's, the
 * site's default) whose language has them, by its primary subtag (`it-CH` is Italian); English
 * otherwise.
 */
export function noticeTexts(...candidates: (string | null | undefined)[]): NoticeTexts {
  for (const candidate of candidates) {
    const texts = lookup(candidate);
    if (texts) return texts;
  }
  return en;
}

const lookup = (locale: string | null | undefined): NoticeTexts | undefined => (locale ? TEXTS[locale.toLowerCase().split(/[-_]/)[0]!] : undefined);

/** The texts in a conversation's language: its own locale, else its visitor's, else the site's default. */
export async function conversationTexts(db: Database, row: Pick<ConversationRow, 'locale' | 'visitorId'>): Promise<NoticeTexts> {
  const own = lookup(row.locale);
  if (own) return own;
  const [context] = await db
    .select({ visitorLocale: visitors.locale, settings: sites.settings })
    .from(visitors)
    .innerJoin(sites, eq(sites.id, visitors.siteId))
    .where(eq(visitors.id, row.visitorId));
  return noticeTexts(row.locale, context?.visitorLocale, context?.settings.defaultLocale);
}

/** An opening time as the shopper reads it: day, date and time in the shop's time zone, with the zone named. */
export function formatOpening(at: Date, texts: NoticeTexts, timeZone: string): string {
  const options: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' };
  try {
    return new Intl.DateTimeFormat(texts.dateLocale, { ...options, timeZone }).format(at);
  } catch {
    return new Intl.DateTimeFormat(texts.dateLocale, { ...options, timeZone: 'UTC' }).format(at); // an unknown zone
  }
}
