'use client';

import { useEffect, useRef, type ReactNode, type RefObject } from 'react';
import { errorText } from '~/lib/client-errors';

// The dashboard's one confirmation dialog (issue 19: no window.confirm): a
// modal over the page, announced as a dialog, with focus kept inside it while
// it is open (Tab and Shift+Tab cycle), Escape as Cancel, and focus returned
// to where it was when it closes.

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), select, a[href], [tabindex="0"]';

/** Keeps Tab inside `box`; Escape calls `onCancel`. */
function trapKeys(box: HTMLElement, onCancel: () => void) {
  return (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      onCancel();
      return;
    }
    if (e.key !== 'Tab') return;
    const items = [...box.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    const inside = box.contains(document.activeElement);
    if (e.shiftKey && (document.activeElement === first || !inside)) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && (document.activeElement === last || !inside)) {
      e.preventDefault();
      first.focus();
    }
  };
}

/** On open: focus `first`, trap the keys in `box`; on close: focus goes back where it was. */
function useDialogFocus(
  box: RefObject<HTMLDivElement | null>,
  first: RefObject<HTMLButtonElement | null>,
  onCancel: () => void,
) {
  const cancel = useRef(onCancel);
  cancel.current = onCancel;
  // Once, on open: parents pass a new onCancel each render, which must not move focus.
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    first.current?.focus();
    const onKey = trapKeys(box.current as HTMLElement, () => cancel.current());
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      before?.focus?.();
    };
  }, [box, first]);
}

/** What a dialog says and does. */
interface DialogProps {
  title: string;
  children: ReactNode;
  confirm: string;
  danger?: boolean;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  /** Why the last confirm failed (a tRPC error, or null), shown under `children`. */
  error?: unknown;
  errorTestId?: string;
}

/** A modal confirmation: `children` say what will happen; focus starts on Cancel when `danger`, else on confirm. */
export function ModalDialog(props: DialogProps) {
  const box = useRef<HTMLDivElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  useDialogFocus(box, props.danger ? cancelButton : confirmButton, props.onCancel);
  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-slate-900/40 p-4">
      <div
        ref={box}
        role="dialog"
        aria-modal="true"
        aria-labelledby="modal-dialog-title"
        className="max-h-[90vh] w-full max-w-lg space-y-3 overflow-auto rounded-lg bg-white p-5 text-slate-900 shadow-xl"
        data-testid="modal-dialog"
      >
        <h2 id="modal-dialog-title" className="text-lg font-semibold">
          {props.title}
        </h2>
        <div className="text-sm text-slate-700">
          {props.children}
          {props.error ? (
            <p className="mt-2 text-red-700" role="alert" data-testid={props.errorTestId}>
              {errorText(props.error)}
            </p>
          ) : null}
        </div>
        <DialogButtons {...props} confirmButton={confirmButton} cancelButton={cancelButton} />
      </div>
    </div>
  );
}

/** Cancel, then the confirm button (red when `danger`, disabled while `busy`). */
function DialogButtons(
  props: DialogProps & {
    confirmButton: RefObject<HTMLButtonElement | null>;
    cancelButton: RefObject<HTMLButtonElement | null>;
  },
) {
  return (
    <div className="flex justify-end gap-2">
      <button
        type="button"
        ref={props.cancelButton}
        onClick={props.onCancel}
        className="rounded border border-slate-300 px-3 py-1 text-sm"
        data-testid="modal-cancel"
      >
        Cancel
      </button>
      <button
        ref={props.confirmButton}
        type="button"
        disabled={props.busy ?? false}
        onClick={props.onConfirm}
        className={`rounded px-3 py-1 text-sm text-white disabled:opacity-50 ${props.danger ? 'bg-red-700' : 'bg-slate-900'}`}
        data-testid="modal-confirm"
      >
        {props.confirm}
      </button>
    </div>
  );
}
