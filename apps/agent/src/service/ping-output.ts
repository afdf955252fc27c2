// iputils ping's summary, as data:
//   "3 packets transmitted, 3 received, 0% packet loss, time 2003ms"
//   "rtt min/avg/max/mdev = 0.045/0.060/0.081/0.015 ms"

/** What one ping run measured. */
export interface PingSummary {
  transmitted: number;
  received: number;
  lossPercent: number;
  rttMs: { min: number; avg: number; max: number; mdev: number } | null;
}

/** Parses ping's stdout; null when it printed no summary (e.g. an unknown host). */
export function parsePing(stdout: string): PingSummary | null {
  const counts = /(\d+) packets transmitted, (\d+) (?:packets )?received/.exec(stdout);
  if (!counts) return null;
  const transmitted = Number(counts[1]);
  const received = Number(counts[2]);
  const rtt = /= ([\d.]+)\/([\d.]+)\/([\d.]+)\/([\d.]+) ms/.exec(stdout);
  return {
    transmitted,
    received,
    lossPercent:
      transmitted === 0 ? 100 : Math.round(((transmitted - received) / transmitted) * 1000) / 10,
    rttMs: rtt
      ? { min: Number(rtt[1]), avg: Number(rtt[2]), max: Number(rtt[3]), mdev: Number(rtt[4]) }
      : null,
  };
}
