import { useState } from 'preact/hooks';
import type { KbArticle, MessagePayload } from '@sportello/protocol';
import { errorText, get, post } from '../api';
import type { SiteView } from '../session';
import { INTENTS, handoffReason, localeName } from './labels';
import { MessageBody } from '../messages/message-body';
import { MessageCard } from '../messages/message-card';

/** What `POST /api/v1/bot/preview` answers. */
interface Preview {
  locale: string;
  intent: string;
  replies: { body: string; payload?: MessagePayload }[];
  articleIds: string[];
  handoff: { reason: string } | null;
  state: Record<string, unknown>;
}

interface Turn {
  question: string;
  preview: Preview;
  articles: { id: string; title: string; published: boolean }[];
}

/** What an article answered from (the replies' `payload.sources`): its sections, ` › Returns by post` (nothing for its opening). */
function sectionsOf(articleId: string, preview: Preview): string {
  const sources = preview.replies.flatMap((r) => r.payload?.sources ?? []);
  const sections = [...new Set(sources.filter((s) => s.articleId === articleId && s.section).map((s) => s.section!))];
  return sections.length ? ` › ${sections.join(', ')}` : '';
}

/**
 * "Test the bot": a question goes to the bot exactly as a shopper's first message would (nothing is
 * stored, no order is touched), and the page shows the reply and the article that would answer it.
 * Follow-up questions continue the same dialog until "Start over".
 */
export function BotTester({ site, onOpenArticle }: { site: SiteView; onOpenArticle: (id: string) => void }) {
  const [question, setQuestion] = useState('');
  const [locale, setLocale] = useState('');
  const [turns, setTurns] = useState<Turn[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const locales = site.settings.locales?.length ? site.settings.locales : [site.settings.defaultLocale ?? 'en'];

  const ask = async (event: Event) => {
    event.preventDefault();
    const text = question.trim();
    if (!text) return;
    setBusy(true);
    setError(null);
    try {
      const state = turns.at(-1)?.preview.state ?? null;
      const preview = await post<Preview>('/bot/preview', { site: site.key, text, ...(locale ? { locale } : {}), state });
      const articles = await Promise.all(
        preview.articleIds.map((id) =>
          get<{ article: KbArticle }>(`/kb/${id}`).then(
            ({ article }) => ({ id, title: article.title, published: article.published }),
            () => ({ id, title: 'An article that no longer exists', published: false }),
          ),
        ),
      );
      setTurns([...turns, { question: text, preview, articles }]);
      setQuestion('');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card bot-tester stack" aria-labelledby="bot-tester-title" data-testid="bot-tester">
      <div class="row">
        <h2 id="bot-tester-title" class="grow">
          Test the bot
        </h2>
        {turns.length > 0 && (
          <button class="link" onClick={() => setTurns([])} data-testid="bot-test-reset">
            Start over
          </button>
        )}
      </div>
      <p class="muted small">
        Ask what a shopper would ask. Only published articles are used; nothing is saved and no order is changed.
        {site.settings.botEnabled === false && <strong> The bot is switched off for this site (Settings), so shoppers go straight to your team.</strong>}
      </p>
      {turns.length > 0 && (
        <ol class="bot-turns" data-testid="bot-test-result" aria-live="polite">
          {turns.map((t, i) => (
            <li key={i} class="bot-turn">
              <div class="bubble shopper">{t.question}</div>
              {t.preview.replies.map((r, j) => (
                <div class="bubble bot" key={j}>
                  <MessageBody body={r.body} />
                  {r.payload?.quickReplies && (
                    <div class="row tight">
                      {r.payload.quickReplies.map((q) => (
                        <button type="button" class="chip-button" key={q.value} onClick={() => setQuestion(q.value)} title="Use as the next question">
                          {q.label}
                        </button>
                      ))}
                    </div>
                  )}
                  {r.payload?.card && <MessageCard card={r.payload.card} />}
                </div>
              ))}
              <dl class="bot-why small">
                <dt>Understood as</dt>
                <dd>
                  {INTENTS[t.preview.intent] ?? t.preview.intent} · {localeName(t.preview.locale)}
                </dd>
                {t.articles.length > 0 && (
                  <>
                    <dt>Answered from</dt>
                    <dd data-testid="bot-test-article">
                      {t.articles.map((a, k) => (
                        <span key={a.id}>
                          {k > 0 && '; '}
                          <button type="button" class="link inline-link" onClick={() => onOpenArticle(a.id)}>
                            {a.title}
                          </button>
                          {sectionsOf(a.id, t.preview)}
                          {!a.published && <span class="muted"> (draft)</span>}
                        </span>
                      ))}
                    </dd>
                  </>
                )}
                {t.preview.handoff && (
                  <>
                    <dt>Hand-off</dt>
                    <dd class="handoff" data-testid="bot-test-handoff">
                      Would pass the chat to your team: {handoffReason(t.preview.handoff.reason).toLowerCase()}.
                      {t.preview.handoff.reason === 'low_confidence' && ' Add or complete an article that answers this question.'}
                    </dd>
                  </>
                )}
                {!t.articles.length && !t.preview.handoff && (
                  <>
                    <dt>Source</dt>
                    <dd>No article: the bot’s own phrasing.</dd>
                  </>
                )}
              </dl>
            </li>
          ))}
        </ol>
      )}
      <form class="row" onSubmit={ask}>
        <input
          class="grow"
          value={question}
          onInput={(e) => setQuestion(e.currentTarget.value)}
          maxLength={4000}
          placeholder={turns.length ? 'Ask a follow-up…' : 'e.g. How long does delivery take?'}
          aria-label="Question for the bot"
          data-testid="bot-test-question"
        />
        <select aria-label="Language of the question" value={locale} onChange={(e) => setLocale(e.currentTarget.value)}>
          <option value="">Detect the language</option>
          {locales.map((l) => (
            <option value={l} key={l}>
              {localeName(l)}
            </option>
          ))}
        </select>
        <button class="primary" type="submit" disabled={busy || !question.trim()} data-testid="bot-test-ask">
          {busy ? 'Asking…' : 'Ask'}
        </button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
