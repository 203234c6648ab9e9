import {
  assertNoCidrOverlaps,
  cidrContainsIp,
  cidrsOverlap,
  findCidrOverlaps,
  isCidr,
  netmaskToPrefix,
  parseCidr,
  parseIpv4,
} from './cidr';

describe('parseIpv4 and parseCidr', () => {
  it('reads addresses and blocks', () => {
    expect(parseIpv4('10.0.0.1')).toBe(0x0a000001);
    expect(parseIpv4('255.255.255.255')).toBe(0xffffffff);
    expect(parseIpv4('256.0.0.1')).toBeUndefined();
    expect(parseIpv4('10.0.0')).toBeUndefined();
    expect(parseIpv4('010.0.0.1')).toBeUndefined();
    expect(parseCidr('10.1.2.3/8')).toEqual({
      text: '10.1.2.3/8',
      network: 0x0a000000,
      prefix: 8,
    });
    expect(parseCidr('0.0.0.0/0')?.network).toBe(0);
    expect(isCidr('192.168.0.0/33')).toBe(false);
    expect(isCidr('192.168.0.0')).toBe(false);
    expect(isCidr('fd00::/8')).toBe(false);
  });

  it('converts subnet masks and checks membership', () => {
    expect(netmaskToPrefix('255.255.255.252')).toBe(30);
    expect(netmaskToPrefix('255.255.0.0')).toBe(16);
    expect(netmaskToPrefix('255.0.255.0')).toBeUndefined();
    expect(cidrContainsIp('10.254.0.0/30', '10.254.0.2')).toBe(true);
    expect(cidrContainsIp('10.254.0.0/30', '10.254.0.4')).toBe(false);
  });
});

describe('cidrsOverlap', () => {
  it.each([
    ['10.0.0.0/8', '10.1.0.0/16', true],
    ['10.1.0.0/16', '10.0.0.0/8', true],
    ['192.168.0.0/16', '192.168.0.0/16', true],
    ['192.168.0.0/24', '192.168.1.0/24', false],
    ['172.16.0.0/12', '172.32.0.0/16', false],
    ['0.0.0.0/0', '1.2.3.4/32', true],
  ])('%s and %s: %s', (a, b, expected) => {
    expect(cidrsOverlap(a, b)).toBe(expected);
  });
});

describe('findCidrOverlaps and assertNoCidrOverlaps', () => {
  const blocks = [
    { name: 'IDC network', cidr: '10.0.0.0/8' },
    { name: 'VPC vpc-a', cidr: '192.168.0.0/16' },
    { name: 'pod CIDR', cidr: '10.10.0.0/16' },
    { name: 'service CIDR', cidr: '172.21.0.0/20' },
  ];

  it('names each overlapping pair', () => {
    expect(findCidrOverlaps(blocks)).toEqual([{ a: blocks[0], b: blocks[2] }]);
    expect(() => assertNoCidrOverlaps(blocks)).toThrow(
      'IDC network 10.0.0.0/8 overlaps pod CIDR 10.10.0.0/16',
    );
  });

  it('accepts distinct ranges', () => {
    expect(() =>
      assertNoCidrOverlaps([
        { name: 'IDC network', cidr: '10.0.0.0/8' },
        { name: 'VPC vpc-a', cidr: '192.168.0.0/16' },
        { name: 'pod CIDR', cidr: '172.20.0.0/16' },
        { name: 'service CIDR', cidr: '172.21.0.0/20' },
      ]),
    ).not.toThrow();
  });

  it('names invalid blocks before looking for overlaps', () => {
    expect(() =>
      assertNoCidrOverlaps([{ name: 'IDC network', cidr: '10.0.0.0/40' }]),
    ).toThrow(
      'not an IPv4 CIDR block (such as 10.0.0.0/8): IDC network 10.0.0.0/40',
    );
  });
});
