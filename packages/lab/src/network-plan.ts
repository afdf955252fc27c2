// The lab's switch as `ip -batch` lines (pure): a VLAN-unaware trunk bridge,
// a mgmt bridge with the lab's gateway address, and two taps per guest.
import { MGMT_GATEWAY, type LabPlan } from './config.js';

export const TRUNK_BRIDGE = 'trunk';
export const MGMT_BRIDGE = 'mgmt';

export function networkBatch(lab: LabPlan): string[] {
  const lines = [
    'link set lo up',
    `link add ${TRUNK_BRIDGE} type bridge stp_state 0 mcast_snooping 0`,
    `link add ${MGMT_BRIDGE} type bridge stp_state 0`,
    `address add ${MGMT_GATEWAY}/24 dev ${MGMT_BRIDGE}`,
    `link set ${TRUNK_BRIDGE} up`,
    `link set ${MGMT_BRIDGE} up`,
  ];
  for (const host of lab.hosts) {
    lines.push(
      `tuntap add dev ${host.tapTrunk} mode tap`,
      `tuntap add dev ${host.tapMgmt} mode tap`,
      `link set ${host.tapTrunk} master ${TRUNK_BRIDGE} up`,
      `link set ${host.tapMgmt} master ${MGMT_BRIDGE} up`,
    );
  }
  return lines;
}
