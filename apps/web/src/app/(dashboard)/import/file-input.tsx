'use client';

import type { ChangeEvent } from 'react';

/** The file being imported: its name (the format comes from its extension) and its text. */
export interface FleetSource {
  file: string;
  text: string;
}

const isCsv = (text: string): boolean => /^\s*name\s*,/i.test(text);

/** A textarea to paste into and a file picker that fills it. */
export function FileInput({
  source,
  onChange,
}: {
  source: FleetSource;
  onChange: (source: FleetSource) => void;
}) {
  // Pasted text has no name: a CSV header line makes it a .csv, anything else is YAML.
  const paste = (text: string) =>
    onChange({ file: isCsv(text) ? 'pasted.csv' : 'pasted.yaml', text });
  return (
    <div className="space-y-2">
      <FilePicker name={source.text ? source.file : ''} onChange={onChange} />
      <textarea
        className="input h-72 w-full font-mono text-xs"
        placeholder={
          'version: 1\nnetworks:\n  - name: vlan10\n    vlan: 10\n    parent: eth0\n    subnets: [{ subnet: 10.10.0.0/24, gateway: 10.10.0.1 }]'
        }
        value={source.text}
        onChange={(e) => paste(e.target.value)}
        spellCheck={false}
        data-testid="import-text"
      />
    </div>
  );
}

/** The upload button and the name of the file shown. */
function FilePicker({ name, onChange }: { name: string; onChange: (source: FleetSource) => void }) {
  const upload = async (event: ChangeEvent<HTMLInputElement>) => {
    const picked = event.target.files?.[0];
    if (picked) onChange({ file: picked.name, text: await picked.text() });
  };
  return (
    <div className="flex items-center gap-3">
      <input
        type="file"
        accept=".yaml,.yml,.csv,text/yaml,text/csv"
        onChange={(e) => void upload(e)}
        aria-label="Fleet file (YAML or CSV)"
        data-testid="import-upload"
        className="text-xs"
      />
      <span className="text-xs text-slate-500" data-testid="import-file-name">
        {name}
      </span>
    </div>
  );
}
