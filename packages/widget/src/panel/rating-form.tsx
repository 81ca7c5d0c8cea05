import { useRef, useState } from 'preact/hooks';
import { fill, type Texts } from '../locales/en';
import type { ChatClient } from './chat-client';
import css from './rating-form.css?inline';
import { useShadowStyle } from './shadow-style';

/**
 * CSAT: 1 to 5 and an optional comment, asked once a conversation is resolved. The thanks shown
 * after sending lasts until the server has stored the rating, whose thank-you is then a message of
 * the conversation (so it is there after a reload and on every tab).
 */
export function RatingForm({ client, t, conversationId }: { client: ChatClient; t: Texts; conversationId: string }) {
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  const [done, setDone] = useState(false);
  const ref = useRef<HTMLFormElement>(null);
  useShadowStyle(ref, css);
  if (done) return <p class="rate" data-testid="sportello-rating-thanks" role="status">{t.rateThanks}</p>;
  if (client.rated.includes(conversationId)) return null; // rated earlier in this browser
  return (
    <form
      ref={ref}
      class="rate"
      data-testid="sportello-rating"
      onSubmit={(e) => {
        e.preventDefault();
        if (!rating) return;
        setDone(true);
        void client.rate(conversationId, rating, comment);
      }}
    >
      <fieldset>
        <legend>{t.rateTitle}</legend>
        <div class="stars">
          {[1, 2, 3, 4, 5].map((n) => (
            <label key={n} class={n <= rating ? 'on' : ''}>
              <input type="radio" name="rating" value={n} checked={rating === n} onChange={() => setRating(n)} data-testid={'sportello-star-' + n} />
              <span aria-hidden="true">★</span>
              <span class="sr">{fill(t.rateStar, { n })}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <label class="full">
        {t.rateComment}
        <textarea rows={2} maxLength={1000} value={comment} onInput={(e) => setComment(e.currentTarget.value)} data-testid="sportello-rating-comment" />
      </label>
      <button type="submit" class="btn" disabled={!rating} data-testid="sportello-rating-send">
        {t.rateSend}
      </button>
    </form>
  );
}
