// The lab's public contract: other packages' tests code against these.

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  signal?: string;
}

export interface ExecOptions {
  timeoutMs?: number;
  input?: string;
}

export interface LabHost {
  /** host-a, host-b… (index 1 is host-a). */
  name: string;
  /** 1-based. */
  index: number;
  /** 192.0.2.(10+index), reachable only inside the lab's namespace. */
  mgmtAddress: string;
  /** RUNDIR/host-X.sock, relayed to the guest's agent on mgmtAddress:7070. */
  agentSocket: string;
  /** RUNDIR/host-X.exec.sock, relayed to the guest's exec channel on mgmtAddress:7071. */
  execSocket: string;
  /** Host path of the guest's /var/lib/underlay; survives a guest reboot. */
  stateDir: string;
  /** Runs argv in the guest's root namespace (never through a shell). */
  exec(argv: string[], opts?: ExecOptions): Promise<ExecResult>;
  /** Imports the ESM file `modulePath` in the guest and awaits `fn(...args)`. */
  call<T = unknown>(modulePath: string, fn: string, ...args: unknown[]): Promise<T>;
}

export interface Lab {
  name: string;
  netns: string;
  runDir: string;
  hosts: LabHost[];
  /** A hub serving this unix socket is reached by the guests at `hubStoreUrl` (the relay's --expose). */
  hubSocket: string;
  /** `http://192.0.2.1:7480`: the hub's fleet store as the guests reach it. */
  hubStoreUrl: string;
  host(name: string): LabHost;
  down(): Promise<void>;
}

export interface StartLabOptions {
  /** Number of guests, 1–8 (default 2). */
  hosts?: number;
  /** Lab name (default "lab"): namespace underlay-NAME, run dir UNDERLAY_LAB_DIR/NAME. */
  name?: string;
  /** Start apps/agent in each guest when it is built (default false). */
  agent?: boolean;
  /** With `agent`: the entry point to run instead of apps/agent/dist/main.cjs (tests use a stand-in). */
  agentEntry?: string;
  onProgress?: (msg: string) => void;
  /** How long the guests may take to answer (default 120 s). */
  timeoutMs?: number;
  /** Aborting stops the boot and removes everything started. */
  signal?: AbortSignal;
}
