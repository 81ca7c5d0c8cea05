import { useEffect, useRef, useState } from 'preact/hooks';
import { del, errorText, get, patch, post } from '../api';
import { useSession, type SiteView } from '../session';
import { ConfirmDialog } from './confirm';

interface CannedReply {
  id: string;
  siteId: string;
  shortcut: string;
  body: string;
  updatedAt: string;
}

const SHORTCUT = /^[a-z0-9][a-z0-9_-]{0,31}$/;
const cleanShortcut = (s: string) => s.trim().replace(/^\//, '').toLowerCase();
const shortcutError = (s: string) => (SHORTCUT.test(cleanShortcut(s)) ? null : 'Letters, digits, - and _ (up to 32), e.g. shipping-times');

/** Saved answers of this site, which agents insert by typing `/shortcut` in the reply box. */
export function CannedReplies({ site }: { site: SiteView }) {
  const { toast } = useSession();
  const [replies, setReplies] = useState<CannedReply[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<CannedReply | null>(null);
  const [busy, setBusy] = useState(false);

  const load = () =>
    get<{ cannedReplies: CannedReply[] }>('/canned-replies', { siteId: site.id }).then(
      ({ cannedReplies }) => {
        setReplies(cannedReplies);
        setLoadError(null);
      },
      (e) => setLoadError(errorText(e)),
    );
  useEffect(() => {
    load();
  }, [site.id]);

  const remove = async () => {
    if (!deleting) return;
    setBusy(true);
    try {
      await del(`/canned-replies/${deleting.id}`);
      toast(`/${deleting.shortcut} deleted`);
      await load();
    } catch (e) {
      toast(errorText(e), 'error');
    } finally {
      setBusy(false);
      setDeleting(null);
    }
  };

  return (
    <section class="settings-section" aria-labelledby="canned-title">
      <h2 id="canned-title">Canned replies</h2>
      <div class="card">
        <p class="muted">
          Answers your team sends often. In a conversation, type <kbd>/</kbd> and the shortcut to insert one.
        </p>
        <CannedForm
          siteId={site.id}
          onSaved={async (r) => {
            toast(`/${r.shortcut} added`);
            await load();
          }}
        />
      </div>
      <div class="card">
        {loadError && (
          <p class="error" role="alert">
            {loadError} <button class="link" onClick={load}>Retry</button>
          </p>
        )}
        {replies === null && !loadError && <p class="muted">Loading…</p>}
        {replies?.length === 0 && <p class="muted" data-testid="canned-empty">No canned replies yet.</p>}
        {replies && replies.length > 0 && (
          <table data-testid="canned-list">
            <thead>
              <tr>
                <th>Shortcut</th>
                <th>Text</th>
                <th class="table-actions">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {replies.map((r) =>
                editing === r.id ? (
                  <tr key={r.id}>
                    <td colSpan={3}>
                      <CannedForm
                        siteId={site.id}
                        existing={r}
                        onCancel={() => setEditing(null)}
                        onSaved={async (saved) => {
                          toast(`/${saved.shortcut} saved`);
                          setEditing(null);
                          await load();
                        }}
                      />
                    </td>
                  </tr>
                ) : (
                  <tr key={r.id} data-testid="canned-row">
                    <td>
                      <code>/{r.shortcut}</code>
                    </td>
                    <td class="canned-body">{r.body}</td>
                    <td class="table-actions">
                      <button class="link" onClick={() => setEditing(r.id)} aria-label={`Edit /${r.shortcut}`}>
                        Edit
                      </button>
                      <button class="link danger" onClick={() => setDeleting(r)} aria-label={`Delete /${r.shortcut}`}>
                        Delete
                      </button>
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        )}
      </div>
      {deleting && (
        <ConfirmDialog title={`Delete /${deleting.shortcut}?`} confirmLabel="Delete" busy={busy} onCancel={() => setDeleting(null)} onConfirm={remove}>
          <p>Agents will no longer be able to insert it.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

/** Adds a reply, or edits `existing`. */
function CannedForm({ siteId, existing, onSaved, onCancel }: { siteId: string; existing?: CannedReply; onSaved: (reply: CannedReply) => void; onCancel?: () => void }) {
  const [shortcut, setShortcut] = useState(existing?.shortcut ?? '');
  const [body, setBody] = useState(existing?.body ?? '');
  const [touched, setTouched] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (existing) first.current?.focus();
  }, []);
  const fieldError = touched && shortcut ? shortcutError(shortcut) : null;

  const submit = async (event: Event) => {
    event.preventDefault();
    setTouched(true);
    if (shortcutError(shortcut)) return setError(shortcutError(shortcut));
    if (!body.trim()) return setError('Write the reply’s text.');
    setBusy(true);
    setError(null);
    try {
      const input = { shortcut: cleanShortcut(shortcut), body: body.trim() };
      const { cannedReply } = existing
        ? await patch<{ cannedReply: CannedReply }>(`/canned-replies/${existing.id}`, input)
        : await post<{ cannedReply: CannedReply }>('/canned-replies', { ...input, siteId });
      if (!existing) {
        setShortcut('');
        setBody('');
        setTouched(false);
        first.current?.focus();
      }
      onSaved(cannedReply);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class="stack tight"
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && onCancel) onCancel();
      }}
      data-testid={existing ? 'canned-edit-form' : 'canned-form'}
    >
      <div class="row">
        <label>
          Shortcut
          <span class="row tight">
            <span aria-hidden="true">/</span>
            <input
              ref={first}
              value={shortcut}
              maxLength={33}
              onInput={(e) => setShortcut(e.currentTarget.value)}
              onBlur={() => setTouched(true)}
              aria-invalid={!!fieldError}
              placeholder="shipping-times"
              data-testid="canned-shortcut"
            />
          </span>
          {fieldError && <span class="field-error">{fieldError}</span>}
        </label>
      </div>
      <label>
        Text
        <textarea rows={3} maxLength={4000} value={body} onInput={(e) => setBody(e.currentTarget.value)} placeholder="We ship within 1–2 working days; delivery takes 2–4 more." data-testid="canned-body" />
      </label>
      <div class="row">
        <button class="primary" type="submit" disabled={busy} data-testid="canned-save">
          {busy ? 'Saving…' : existing ? 'Save' : 'Add reply'}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
        {error && (
          <span class="error" role="alert">
            {error}
          </span>
        )}
      </div>
    </form>
  );
}
