'use client';

import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';

// A short confirmation that outlives a client-side navigation: the provider
// sits in the dashboard's shell (kept across pages), so a form can say
// "vlan30 created on host-a, host-b" and then open the new object's page.

interface Toast {
  id: number;
  text: string;
}

const ShowToast = createContext<(text: string) => void>(() => {});

/** Shows a toast from anywhere under the dashboard's shell. */
export const useToast = () => useContext(ShowToast);

const TOAST_MS = 8_000;
let nextId = 1;

/** Holds the toasts and renders them in a polite live region (screen readers announce them). */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = useCallback((id: number) => setToasts((t) => t.filter((x) => x.id !== id)), []);
  const show = useCallback(
    (text: string) => {
      const id = nextId++;
      setToasts((t) => [...t, { id, text }]);
      setTimeout(() => dismiss(id), TOAST_MS);
    },
    [dismiss],
  );
  return (
    <ShowToast.Provider value={show}>
      {children}
      <ToastRegion toasts={toasts} dismiss={dismiss} />
    </ShowToast.Provider>
  );
}

/** The toasts, bottom right, each with a button to dismiss it. */
function ToastRegion({ toasts, dismiss }: { toasts: Toast[]; dismiss: (id: number) => void }) {
  return (
    <div
      role="status"
      aria-live="polite"
      className="fixed right-4 bottom-4 z-50 flex flex-col gap-2"
      data-testid="toasts"
    >
      {toasts.map((t) => (
        <div
          key={t.id}
          className="flex items-center gap-3 rounded bg-slate-900 px-4 py-2 text-sm text-white shadow-lg"
          data-testid="toast"
        >
          <span>{t.text}</span>
          <button
            type="button"
            onClick={() => dismiss(t.id)}
            className="text-slate-300 hover:text-white"
            aria-label="Dismiss"
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
