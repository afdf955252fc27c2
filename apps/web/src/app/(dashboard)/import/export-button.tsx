'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorText } from '~/lib/client-errors';
import { useTRPC } from '~/trpc/react';

/** Downloads the fleet's current networks as a fleet file (`underlay export`'s YAML). */
export function ExportButton() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [note, setNote] = useState<string | null>(null);
  const download = async () => {
    try {
      const { yaml, unreachable } = await queryClient.fetchQuery({
        ...trpc.import.export.queryOptions(),
        staleTime: 0,
      });
      const url = URL.createObjectURL(new Blob([yaml], { type: 'text/yaml' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = 'fleet.yaml';
      link.click();
      URL.revokeObjectURL(url);
      setNote(unreachable.length ? `Not in the export (offline): ${unreachable.join(', ')}` : null);
    } catch (error) {
      setNote(errorText(error));
    }
  };
  return (
    <span className="ml-auto flex items-center gap-2">
      {note && <span className="text-xs text-amber-700">{note}</span>}
      <button
        type="button"
        onClick={() => void download()}
        className="rounded border border-slate-300 px-3 py-1 text-sm"
        data-testid="import-export"
      >
        Download export
      </button>
    </span>
  );
}
