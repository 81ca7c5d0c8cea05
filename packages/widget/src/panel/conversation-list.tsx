import type { VisitorConversation } from '@sportello/protocol';
import { fill, type Texts } from '../locales/en';
import { formatDate } from './time-format';
import css from './conversation-list.css?inline';
import { useRef } from 'preact/hooks';
import { useShadowStyle } from './shadow-style';

/** Past conversations a returning shopper can reopen, newest first. */
export function ConversationList({
  conversations,
  t,
  locale,
  onPick,
}: {
  conversations: VisitorConversation[];
  t: Texts;
  locale: string;
  onPick(id: string | null): void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useShadowStyle(ref, css);
  return (
    <div ref={ref} class="list" data-testid="sportello-conversations">
      <button type="button" class="btn" onClick={() => onPick(null)} data-testid="sportello-new-conversation">
        {t.newConversation}
      </button>
      {conversations.length === 0 && <p class="day">{t.noHistory}</p>}
      <ul class="convs">
        {conversations.map((c) => (
          <li key={c.id}>
            <button type="button" onClick={() => onPick(c.id)} data-testid="sportello-conversation">
              <span>{fill(t.startedOn, { date: formatDate(c.lastMessageAt || c.createdAt, locale) })}</span>
              <span class="meta">{t[`status_${c.status}`]}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
