import { useState } from 'preact/hooks';
import { errorText, patch } from '../api';
import { useSession, type SiteSettings, type SiteView } from '../session';

/**
 * Saving part of a site: `PATCH /api/v1/sites/:id` (settings are merged key by key on the server),
 * then "Saved" and a reload of the sites. `error` holds the server's message until the next try.
 */
export function useSiteSave(site: SiteView) {
  const session = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async (body: { settings?: Partial<SiteSettings>; allowedOrigins?: string[]; name?: string }, saved = 'Saved'): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await patch(`/sites/${site.id}`, body);
      session.toast(saved);
      await session.reloadSites().catch(() => undefined);
      return true;
    } catch (e) {
      setError(errorText(e));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { save, busy, error, setError };
}

/** The Save button and the server's answer, under a form. */
export function SaveRow({ busy, error, dirty, testId, label = 'Save' }: { busy: boolean; error: string | null; dirty: boolean; testId: string; label?: string }) {
  return (
    <div class="save-row">
      <button class="primary" type="submit" disabled={busy || !dirty} data-testid={testId}>
        {busy ? 'Saving…' : label}
      </button>
      {dirty && !busy && !error && <span class="muted small">Unsaved changes</span>}
      {error && (
        <span class="error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
