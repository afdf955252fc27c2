'use client';

import { useEffect, useRef } from 'react';

/** A modal confirmation over the page (Escape or Cancel closes it; the confirm button has focus). */
export function ConfirmDialog({
  title,
  body,
  confirm,
  onConfirm,
  onCancel,
}: {
  title: string;
  body: string;
  confirm: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    button.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onCancel();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onCancel]);
  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-slate-900/40">
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby="confirm-title"
        className="w-full max-w-md space-y-3 rounded-lg bg-white p-5 shadow-xl"
        data-testid="confirm-dialog"
      >
        <h2 id="confirm-title" className="text-lg font-semibold">
          {title}
        </h2>
        <p className="text-sm text-slate-700">{body}</p>
        <p className="text-xs text-slate-500">
          Each host is applied as a whole or rolled back to how it was.
        </p>
        <div className="flex justify-end gap-2">
          <button
            type="button"
            onClick={onCancel}
            className="rounded border border-slate-300 px-3 py-1 text-sm"
            data-testid="confirm-cancel"
          >
            Cancel
          </button>
          <button
            ref={button}
            type="button"
            onClick={onConfirm}
            className="rounded bg-slate-900 px-3 py-1 text-sm text-white"
            data-testid="confirm-ok"
          >
            {confirm}
          </button>
        </div>
      </div>
    </div>
  );
}
