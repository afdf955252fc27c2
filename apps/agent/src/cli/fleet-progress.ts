import type { StepEvent } from '@underlay/core';

// Per-host progress: on a terminal, one line per host redrawn in place
// ("host-a  [2/5] create vlan20"); otherwise (a pipe, CI) a plain line per step.

/** Receives step events and prints them; `end()` leaves the final state on screen. */
export interface Progress {
  step(event: StepEvent): void;
  end(): void;
}

const line = (e: StepEvent, width: number): string =>
  `${e.host.padEnd(width)}  [${e.done}/${e.total}] ${e.step}`;

/** Plain lines, one per event: readable in logs. */
export function plainProgress(write: (text: string) => void, hosts: readonly string[]): Progress {
  const width = Math.max(...hosts.map((h) => h.length), 4);
  return { step: (e) => write(`${line(e, width)}\n`), end: () => {} };
}

/** A block of one line per host, rewritten with ANSI cursor moves. */
export function ttyProgress(write: (text: string) => void, hosts: readonly string[]): Progress {
  const width = Math.max(...hosts.map((h) => h.length), 4);
  const state = new Map(hosts.map((h) => [h, `${h.padEnd(width)}  waiting`]));
  let drawn = false;
  const draw = (): void => {
    const lines = [...state.values()];
    const up = drawn ? `\x1b[${lines.length}A` : '';
    write(up + lines.map((l) => `\x1b[2K${l}\n`).join(''));
    drawn = true;
  };
  return {
    step: (e) => {
      state.set(e.host, line(e, width));
      draw();
    },
    end: () => {
      if (!drawn) draw();
    },
  };
}
