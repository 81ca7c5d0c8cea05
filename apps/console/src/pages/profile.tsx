import { useEffect, useRef, useState } from 'preact/hooks';
import { errorText, patch, type AgentProfile } from '../api';

/** The picture's side in pixels: drawn here, so what is sent has no EXIF or GPS data, whatever the camera wrote. */
const SIDE = 96;

/** A picture file as a square PNG, JPEG or WebP of SIDE pixels (the middle of it), base64. */
async function square(file: File): Promise<{ type: 'image/png' | 'image/jpeg' | 'image/webp'; data: string; url: string }> {
  const bitmap = await createImageBitmap(file);
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = SIDE;
  const side = Math.min(bitmap.width, bitmap.height);
  canvas.getContext('2d')!.drawImage(bitmap, (bitmap.width - side) / 2, (bitmap.height - side) / 2, side, side, 0, 0, SIDE, SIDE);
  bitmap.close();
  const url = canvas.toDataURL('image/webp', 0.85); // a PNG where the browser cannot write WebP
  const type = url.slice(5, url.indexOf(';')) as 'image/png' | 'image/webp';
  return { type, data: url.slice(url.indexOf(',') + 1), url };
}

/**
 * The signed-in agent's own profile: the name shoppers see on their messages and in the widget's
 * header (blank: their own name), and their picture there. Opened from their name in the top bar.
 */
export function ProfileDialog({ agent, onSaved, onClose }: { agent: AgentProfile; onSaved: (agent: AgentProfile) => void; onClose: () => void }) {
  const [displayName, setDisplayName] = useState(agent.displayName ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** undefined: unchanged; null: removed. */
  const [avatar, setAvatar] = useState<{ type: 'image/png' | 'image/jpeg' | 'image/webp'; data: string } | null | undefined>(undefined);
  const [preview, setPreview] = useState<string | null>(agent.avatarUrl);
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
      const { agent: saved } = await patch<{ agent: AgentProfile }>('/auth/me', { displayName: displayName.trim() || null, ...(avatar === undefined ? {} : { avatar }) });
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
        <fieldset class="plain">
          <legend class="label-like">Picture shown to shoppers</legend>
          <div class="row">
            {preview ? <img class="avatar-preview" src={preview} alt="Your picture" width={48} height={48} data-testid="profile-avatar-preview" /> : <span class="hint">none: your initials</span>}
            <input
              type="file"
              accept="image/png,image/jpeg,image/webp"
              aria-label="Choose a picture"
              data-testid="profile-avatar-file"
              onChange={async (e) => {
                const file = e.currentTarget.files?.[0];
                if (!file) return;
                try {
                  const { url, ...picture } = await square(file);
                  setAvatar(picture);
                  setPreview(url);
                  setError(null);
                } catch {
                  setError('That file is not a picture this browser can read: choose a PNG, JPEG or WebP.');
                }
              }}
            />
            {preview && (
              <button type="button" class="link" onClick={() => (setAvatar(null), setPreview(null))} data-testid="profile-avatar-remove">
                Remove
              </button>
            )}
          </div>
        </fieldset>
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
