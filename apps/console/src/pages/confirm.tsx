import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/**
 * A modal question before something that cannot be undone. Focus starts on Cancel, Escape and a
 * click outside cancel; the confirm button says what will happen.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  danger = true,
  busy = false,
  onConfirm,
  onCancel,
}: {
  title: string;
  children?: ComponentChildren;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const cancel = useRef<HTMLButtonElement>(null);
  const dialog = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    cancel.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        onCancel();
      } else if (e.key === 'Tab') {
        // Keep the focus on the dialog's buttons while it is open.
        const buttons = [...(dialog.current?.querySelectorAll<HTMLButtonElement>('button:not(:disabled)') ?? [])];
        if (!buttons.length) return;
        const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
        const next = at === -1 ? 0 : (at + (e.shiftKey ? buttons.length - 1 : 1)) % buttons.length;
        buttons[next]!.focus();
        e.preventDefault();
      }
    };
    addEventListener('keydown', onKey, true);
    return () => {
      removeEventListener('keydown', onKey, true);
      before?.focus?.();
    };
  }, [onCancel]);
  return (
    <div class="overlay" onClick={onCancel}>
      <div ref={dialog} class="dialog confirm" role="alertdialog" aria-modal="true" aria-label={title} onClick={(e) => e.stopPropagation()} data-testid="confirm-dialog">
        <h2>{title}</h2>
        {children && <div class="confirm-body">{children}</div>}
        <div class="row end">
          <button ref={cancel} onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          <button class={danger ? 'danger-solid' : 'primary'} onClick={onConfirm} disabled={busy} data-testid="confirm-yes">
            {busy ? 'Working…' : confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
