import type { Ref } from 'preact';
import { useState } from 'preact/hooks';
import { fill, type Texts } from '../locales/en';
import type { WidgetConfig } from '../core/host';
import type { ChatClient } from './chat-client';

const MAX_LENGTH = 4000; // LIMITS.messageMaxLength

/** The reply box: Enter sends, Shift+Enter adds a line; typing is announced to the agent. */
export function Composer({ client, t, inputRef, files }: { client: ChatClient; t: Texts; inputRef: Ref<HTMLTextAreaElement>; files: WidgetConfig['files'] }) {
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
      {files?.types.length ? (
        <label class="icon clip" title={t.attach}>
          <input
            type="file"
            multiple
            accept={files.types.map((k) => (k === 'pdf' ? 'application/pdf' : 'image/*')).join()}
            aria-label={t.attach}
            data-testid="sportello-attach"
            onChange={(e) => {
              const input = e.currentTarget;
              client.attach([...input.files!], files.maxMb, files.types);
              input.value = '';
            }}
          />
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M16.5 6 9 13.5a1.8 1.8 0 0 0 2.5 2.5L19 8.5A3.5 3.5 0 0 0 14 3.5L6.5 11a5.3 5.3 0 0 0 7.5 7.5l6-6" />
          </svg>
        </label>
      ) : null}
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
