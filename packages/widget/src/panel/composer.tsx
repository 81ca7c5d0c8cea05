import type { Ref } from 'preact';
import { useState } from 'preact/hooks';
import { fill, type Texts } from '../locales/en';
import type { ChatClient } from './chat-client';

const MAX_LENGTH = 4000; // LIMITS.messageMaxLength

/** The reply box: Enter sends, Shift+Enter adds a line; typing is announced to the agent. */
export function Composer({ client, t, inputRef }: { client: ChatClient; t: Texts; inputRef: Ref<HTMLTextAreaElement> }) {
  const [text, setText] = useState('');
  const tooLong = text.length > MAX_LENGTH;
  const submit = () => {
    if (!tooLong && client.send(text)) setText('');
  };
  return (
    <form
      class="composer"
      data-testid="sportello-composer"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <textarea
        ref={inputRef}
        rows={Math.min(5, text.split('\n').length)}
        value={text}
        placeholder={t.placeholder}
        aria-label={t.composerLabel}
        aria-invalid={tooLong}
        data-testid="sportello-input"
        onInput={(e) => {
          const value = e.currentTarget.value;
          setText(value);
          client.setTyping(value.length > 0);
        }}
        onKeyDown={(e) => {
          // Not while an input method is composing (Japanese, Chinese…): Enter picks a candidate.
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            submit();
          }
        }}
      />
      <button type="submit" class="send" aria-label={t.send} disabled={!text.trim() || tooLong} data-testid="sportello-send">
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M3 20.5 21 12 3 3.5 3 10l12 2-12 2z" />
        </svg>
      </button>
      {tooLong && (
        <p class="err full" role="alert">
          {fill(t.tooLong, { n: MAX_LENGTH })}
        </p>
      )}
    </form>
  );
}
