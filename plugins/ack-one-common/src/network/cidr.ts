/**
 * IPv4 address and CIDR arithmetic for hybrid networking: an IDC joined to
 * a VPC over Express Connect only works when the IDC networks, the VPC and
 * the clusters' pod and service ranges are all distinct.
 *
 * Pure functions; nothing here calls a network.
 */

/**
 * An IPv4 CIDR block, parsed.
 *
 * @public
 */
export interface Ipv4Cidr {
  /** As written, e.g. `10.0.0.0/8`. */
  text: string;
  /** First address of the block (the address masked), as an unsigned 32-bit number. */
  network: number;
  prefix: number;
}

/**
 * A CIDR block with what it is, e.g. `{ name: 'IDC network', cidr: '10.0.0.0/8' }`.
 *
 * @public
 */
export interface NamedCidr {
  name: string;
  cidr: string;
}

/**
 * Two blocks that share addresses.
 *
 * @public
 */
export interface CidrOverlap {
  a: NamedCidr;
  b: NamedCidr;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * An IPv4 address as an unsigned 32-bit number, or undefined if it is not one.
 *
 * @public
 */
export function parseIpv4(text: string): number | undefined {
  const m = IPV4.exec(text.trim());
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (
    parts.some(
      (p, i) => p > 255 || (m[i + 1].length > 1 && m[i + 1][0] === '0'),
    )
  ) {
    return undefined;
  }
  return (
    ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0
  );
}

/**
 * Whether a string is an IPv4 address in dotted-quad form.
 *
 * @public
 */
export function isIpv4(text: string): boolean {
  return parseIpv4(text) !== undefined;
}

function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/**
 * Parses an IPv4 CIDR block (`10.0.0.0/8`). Host bits may be set
 * (`10.1.2.3/8` is the block 10.0.0.0/8). Returns undefined when the text is
 * not a CIDR block.
 *
 * @public
 */
export function parseCidr(text: string): Ipv4Cidr | undefined {
  const m = /^([^/\s]+)\/(\d{1,2})$/.exec(text.trim());
  if (!m) return undefined;
  const address = parseIpv4(m[1]);
  const prefix = Number(m[2]);
  if (address === undefined || prefix > 32) return undefined;
  return {
    text: text.trim(),
    network: (address & maskOf(prefix)) >>> 0,
    prefix,
  };
}

/**
 * Whether a string is an IPv4 CIDR block.
 *
 * @public
 */
export function isCidr(text: string): boolean {
  return parseCidr(text) !== undefined;
}

/**
 * The prefix length of a dotted subnet mask (`255.255.255.252` → 30), or undefined.
 *
 * @public
 */
export function netmaskToPrefix(mask: string): number | undefined {
  const value = parseIpv4(mask);
  if (value === undefined) return undefined;
  for (let prefix = 0; prefix <= 32; prefix++) {
    if (maskOf(prefix) === value) return prefix;
  }
  return undefined;
}

/**
 * Whether an IPv4 address lies in a CIDR block.
 *
 * @public
 */
export function cidrContainsIp(cidr: string, ip: string): boolean {
  const block = parseCidr(cidr);
  const address = parseIpv4(ip);
  if (!block || address === undefined) return false;
  return (address & maskOf(block.prefix)) >>> 0 === block.network;
}

/**
 * Whether two CIDR blocks share at least one address.
 *
 * @public
 */
export function cidrsOverlap(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  if (!x || !y) return false;
  const prefix = Math.min(x.prefix, y.prefix);
  const mask = maskOf(prefix);
  return (x.network & mask) >>> 0 === (y.network & mask) >>> 0;
}

/**
 * Every pair of the given blocks that overlaps, in input order. Blocks that
 * are not valid CIDR blocks are reported by `invalidCidrs`, not here.
 *
 * @public
 */
export function findCidrOverlaps(blocks: NamedCidr[]): CidrOverlap[] {
  const out: CidrOverlap[] = [];
  for (let i = 0; i < blocks.length; i++) {
    for (let j = i + 1; j < blocks.length; j++) {
      if (cidrsOverlap(blocks[i].cidr, blocks[j].cidr)) {
        out.push({ a: blocks[i], b: blocks[j] });
      }
    }
  }
  return out;
}

/**
 * The blocks that are not IPv4 CIDR blocks.
 *
 * @public
 */
export function invalidCidrs(blocks: NamedCidr[]): NamedCidr[] {
  return blocks.filter(b => !isCidr(b.cidr));
}

const describe = (b: NamedCidr) => `${b.name} ${b.cidr}`;

/**
 * Throws an Error naming every invalid block and every overlapping pair
 * (e.g. `IDC network 10.0.0.0/8 overlaps pod CIDR 10.1.0.0/16`), or does
 * nothing when all the blocks are valid and distinct.
 *
 * @public
 */
export function assertNoCidrOverlaps(blocks: NamedCidr[]): void {
  const invalid = invalidCidrs(blocks);
  if (invalid.length) {
    throw new Error(
      `not an IPv4 CIDR block (such as 10.0.0.0/8): ${invalid
        .map(describe)
        .join('; ')}`,
    );
  }
  const overlaps = findCidrOverlaps(blocks);
  if (overlaps.length) {
    throw new Error(
      `the networks overlap, so traffic between the IDC and the cloud cannot be routed: ${overlaps
        .map(o => `${describe(o.a)} overlaps ${describe(o.b)}`)
        .join('; ')}. Choose distinct ranges.`,
    );
  }
}
