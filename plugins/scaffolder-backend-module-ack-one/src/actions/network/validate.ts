import {
  assertNoCidrOverlaps,
  cidrContainsIp,
  isIpv4,
  NamedCidr,
  netmaskToPrefix,
} from '@internal/plugin-ack-one-common';

/** The inputs of `ack-one:network:connect` that can be checked without the cloud. */
export interface NetworkPlanInputs {
  idcCidrs: string[];
  podCidrs?: string[];
  serviceCidrs?: string[];
  vlanId: number;
  localGatewayIp: string;
  peerGatewayIp: string;
  peeringSubnetMask: string;
  peerIpAddress?: string;
  peerAsn: number;
  localAsn?: number;
}

/** The networks that must stay apart, with names for messages. */
export function namedCidrs(input: NetworkPlanInputs): NamedCidr[] {
  return [
    ...input.idcCidrs.map(cidr => ({ name: 'IDC network', cidr })),
    ...(input.podCidrs ?? []).map(cidr => ({ name: 'pod CIDR', cidr })),
    ...(input.serviceCidrs ?? []).map(cidr => ({ name: 'service CIDR', cidr })),
  ];
}

function checkAsn(name: string, asn: number | undefined, problems: string[]) {
  if (asn === undefined) return;
  if (!Number.isInteger(asn) || asn < 1 || asn > 4294967295) {
    problems.push(`${name} ${asn} is not an AS number (1-4294967295)`);
  }
}

/** The interconnect addresses: valid, distinct, in one subnet of the mask. */
function checkInterconnect(input: NetworkPlanInputs, problems: string[]) {
  const { localGatewayIp: local, peerGatewayIp: peer } = input;
  const prefix = netmaskToPrefix(input.peeringSubnetMask);
  for (const [name, ip] of [
    ['localGatewayIp', local],
    ['peerGatewayIp', peer],
  ] as const) {
    if (!isIpv4(ip)) problems.push(`${name} ${ip} is not an IPv4 address`);
  }
  if (prefix === undefined) {
    problems.push(
      `peeringSubnetMask ${input.peeringSubnetMask} is not a subnet mask such as 255.255.255.252`,
    );
    return;
  }
  if (!isIpv4(local) || !isIpv4(peer)) return;
  const subnet = `${local}/${prefix}`;
  if (local === peer || !cidrContainsIp(subnet, peer)) {
    problems.push(
      `localGatewayIp ${local} and peerGatewayIp ${peer} must be two addresses of one ${input.peeringSubnetMask} subnet`,
    );
  }
  const peerIp = input.peerIpAddress ?? peer;
  if (!isIpv4(peerIp) || !cidrContainsIp(subnet, peerIp)) {
    problems.push(
      `the BGP peer address ${peerIp} is not in the interconnect subnet of ${local}/${prefix}`,
    );
  }
}

/**
 * Checks the inputs before any cloud call: IDC, pod and service CIDRs
 * valid and pairwise distinct, the interconnect addresses in one subnet,
 * VLAN and AS numbers in range. Throws one error listing every problem.
 */
export function checkNetworkInputs(input: NetworkPlanInputs): void {
  if (!input.idcCidrs.length) {
    throw new Error('idcCidrs is empty: name the IDC networks to route to');
  }
  assertNoCidrOverlaps(namedCidrs(input));
  const problems: string[] = [];
  if (
    !Number.isInteger(input.vlanId) ||
    input.vlanId < 0 ||
    input.vlanId > 2999
  ) {
    problems.push(`vlanId ${input.vlanId} is not a VLAN id (0-2999)`);
  }
  checkInterconnect(input, problems);
  checkAsn('peerAsn', input.peerAsn, problems);
  checkAsn('localAsn', input.localAsn, problems);
  if (problems.length) throw new Error(problems.join('; '));
}
