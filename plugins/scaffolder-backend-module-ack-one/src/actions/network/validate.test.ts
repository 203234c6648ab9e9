import { checkNetworkInputs } from './validate';

const valid = {
  idcCidrs: ['10.0.0.0/8'],
  podCidrs: ['172.20.0.0/16'],
  serviceCidrs: ['172.21.0.0/20'],
  vlanId: 100,
  localGatewayIp: '10.254.0.1',
  peerGatewayIp: '10.254.0.2',
  peeringSubnetMask: '255.255.255.252',
  peerAsn: 65010,
};

describe('checkNetworkInputs', () => {
  it('accepts distinct networks and a consistent interconnect', () => {
    expect(() => checkNetworkInputs(valid)).not.toThrow();
  });

  it('names the overlapping pair', () => {
    expect(() =>
      checkNetworkInputs({ ...valid, serviceCidrs: ['172.20.128.0/20'] }),
    ).toThrow('pod CIDR 172.20.0.0/16 overlaps service CIDR 172.20.128.0/20');
    expect(() =>
      checkNetworkInputs({ ...valid, idcCidrs: ['10.0.0.0/8', '10.1.0.0/16'] }),
    ).toThrow('IDC network 10.0.0.0/8 overlaps IDC network 10.1.0.0/16');
  });

  it('lists every interconnect problem at once', () => {
    expect(() =>
      checkNetworkInputs({
        ...valid,
        vlanId: 3000,
        peerGatewayIp: '10.254.0.5',
        peerAsn: 0,
      }),
    ).toThrow(
      'vlanId 3000 is not a VLAN id (0-2999); localGatewayIp 10.254.0.1 and peerGatewayIp 10.254.0.5 must be two addresses of one 255.255.255.252 subnet; the BGP peer address 10.254.0.5 is not in the interconnect subnet of 10.254.0.1/30; peerAsn 0 is not an AS number (1-4294967295)',
    );
  });

  it('refuses a mask that is not one, and an empty IDC list', () => {
    expect(() =>
      checkNetworkInputs({ ...valid, peeringSubnetMask: '255.0.255.0' }),
    ).toThrow('peeringSubnetMask 255.0.255.0 is not a subnet mask');
    expect(() => checkNetworkInputs({ ...valid, idcCidrs: [] })).toThrow(
      'idcCidrs is empty',
    );
  });
});
