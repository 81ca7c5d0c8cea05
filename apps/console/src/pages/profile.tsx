import { useEffect, useRef, useState } from 'preact/hooks';
import { errorText, patch, type AgentProfile } from '../api';

/**
 * The signed-in agent's own profile: the name shoppers see on their messages and in the widget's
 * header (blank: their own name). Opened from their name in the top bar.
 */
export function ProfileDialog({ agent, onSaved, onClose }: { agent: AgentProfile; onSaved: (agent: AgentProfile) => void; onClose: () => void }) {
  const [displayName, setDisplayName] = useState(agent.displayName ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    ref.current?.focus();
    return () => before?.focus?.();
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      const { agent: saved } = await patch<{ agent: AgentProfile }>('/auth/me', { displayName: displayName.trim() || null });
      onSaved(saved);
      onClose();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="overlay" onClick={onClose}>
      <form class="dialog" role="dialog" aria-modal="true" aria-label="Your profile" onClick={(e) => e.stopPropagation()} onSubmit={submit} data-testid="profile">
        <h2>Your profile</h2>
        <label>
          Name shown to shoppers <span class="hint">on your messages and in the chat's header; blank: {agent.name}</span>
          <input ref={ref} maxLength={60} value={displayName} placeholder={agent.name} onInput={(e) => setDisplayName(e.currentTarget.value)} data-testid="profile-display-name" />
        </label>
        {error && (
          <p class="field-error" role="alert">
            {error}
          </p>
        )}
        <div class="row">
          <button type="submit" disabled={busy} data-testid="profile-save">
            Save
          </button>
          <button type="button" class="link" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}
