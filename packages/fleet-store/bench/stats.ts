/** The value at quantile q (0..1) of a list of numbers. */
export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

/** Microseconds, 2 decimals. */
export const us = (ns: number): string => `${(ns / 1000).toFixed(2)} µs`;

/** Milliseconds, 2 decimals. */
export const ms = (ns: number): string => `${(ns / 1e6).toFixed(2)} ms`;
