// @underlay/lab: real Linux kernels (user-mode-linux guests) as fleet hosts.
export type { ExecOptions, ExecResult, Lab, LabHost, StartLabOptions } from './types.js';
export { startLab } from './start-lab.js';
export { attachLab } from './attach-lab.js';
export { stopLab, labLeftovers } from './stop-lab.js';
export { rebootHost } from './reboot-host.js';
export { runScript, startAgent, stopAgent } from './agent-control.js';
export { labStatus, type LabStatus, type GuestStatus } from './status.js';
export { GuestCallError } from './protocol.js';
export { HUB_STORE_URL, MAX_HOSTS, hostName } from './config.js';
export {
  DOCKER_CLI,
  DOCKER_TIMEOUT_MS,
  UNDERLAY_PLUGIN_SOCKET,
  docker,
  dockerOk,
  networkCreateArgv,
  restartDockerd,
  runDetachedArgv,
  startDockerd,
  startDockerdOn,
  stopDockerd,
  stopDockerdOn,
  waitForPluginSocket,
} from './runtimes/docker.js';
export {
  NET_DIR as PODMAN_NET_DIR,
  PODMAN_DIR,
  ROOTFS as PODMAN_ROOTFS,
  podman,
  podmanOk,
  preparePodman,
  removeConflist,
  writeConflist,
} from './runtimes/podman.js';
