import { invalidParameter, missingParameter } from './errors';

/** Flat string parameters (RPC query + form body, or ROA query). */
export type Params = Record<string, string | undefined>;

export function optString(params: Params, name: string): string | undefined {
  const value = params[name];
  return value === undefined || value === '' ? undefined : value;
}

export function reqString(params: Params, name: string): string {
  const value = optString(params, name);
  if (value === undefined) {
    throw missingParameter(name);
  }
  return value;
}

export function optBool(params: Params, name: string): boolean | undefined {
  const value = optString(params, name);
  if (value === undefined) {
    return undefined;
  }
  const lower = value.toLowerCase();
  if (lower === 'true') {
    return true;
  }
  if (lower === 'false') {
    return false;
  }
  throw invalidParameter(name, `expected true or false, got ${value}`);
}

export function optInt(
  params: Params,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const value = optString(params, name);
  if (value === undefined) {
    return undefined;
  }
  if (!/^-?\d+$/.test(value)) {
    throw invalidParameter(name, `expected an integer, got ${value}`);
  }
  const n = Number(value);
  if (n < min || n > max) {
    throw invalidParameter(name, `must be between ${min} and ${max}`);
  }
  return n;
}

/** A parameter holding a JSON array of strings, such as `["vsw-1","vsw-2"]`. */
export function optJsonStringArray(
  params: Params,
  name: string,
): string[] | undefined {
  const value = optString(params, name);
  if (value === undefined) {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw invalidParameter(name, 'expected a JSON array of strings');
  }
  if (!Array.isArray(parsed) || parsed.some(v => typeof v !== 'string')) {
    throw invalidParameter(name, 'expected a JSON array of strings');
  }
  return parsed as string[];
}

/**
 * Repeat-list parameters flattened by the SDK: `Filter.1.Key`,
 * `Filter.1.Value.1`, ... Returns the items in index order.
 */
export function repeatList(
  params: Params,
  prefix: string,
): Array<Record<string, string>> {
  const items = new Map<number, Record<string, string>>();
  const re = new RegExp(`^${prefix.replace('.', '\\.')}\\.(\\d+)\\.(.+)$`);
  for (const [key, value] of Object.entries(params)) {
    const m = re.exec(key);
    if (!m || value === undefined) {
      continue;
    }
    const idx = Number(m[1]);
    const item = items.get(idx) ?? {};
    item[m[2]] = value;
    items.set(idx, item);
  }
  return [...items.entries()].sort((a, b) => a[0] - b[0]).map(e => e[1]);
}

/** Values of `Filter.N.Value.M` for one filter item. */
export function repeatValues(item: Record<string, string>, name: string) {
  return Object.entries(item)
    .filter(([k]) => k === name || k.startsWith(`${name}.`))
    .sort((a, b) => a[0].localeCompare(b[0], undefined, { numeric: true }))
    .map(([, v]) => v);
}

const IPV4 =
  /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIpv4(value: string): boolean {
  return IPV4.test(value);
}

export function isCidr(value: string): boolean {
  const [ip, bits, ...rest] = value.split('/');
  if (rest.length || bits === undefined || !/^\d+$/.test(bits)) {
    return false;
  }
  return isIpv4(ip) && Number(bits) <= 32;
}

export function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
}

export function cidrContains(cidr: string, ip: string): boolean {
  const [net, bits] = cidr.split('/');
  const n = Number(bits);
  const size = 2 ** (32 - n);
  const start = Math.floor(ipv4ToInt(net) / size) * size;
  const v = ipv4ToInt(ip);
  return v >= start && v < start + size;
}

export function pageArgs(
  params: Params,
  opts: {
    numberKey: string;
    sizeKey: string;
    defaultSize: number;
    maxSize: number;
  },
) {
  const pageNumber = optInt(params, opts.numberKey, 1, 1_000_000) ?? 1;
  const pageSize =
    optInt(params, opts.sizeKey, 1, opts.maxSize) ?? opts.defaultSize;
  return { pageNumber, pageSize };
}

/** `PageNumber`/`PageSize` of the VPC and CEN Describe* actions (10 by default, at most 50). */
export function rpcPageArgs(params: Params) {
  return pageArgs(params, {
    numberKey: 'PageNumber',
    sizeKey: 'PageSize',
    defaultSize: 10,
    maxSize: 50,
  });
}

/** The repeated `Filter.N.Key` / `Filter.N.Value.M` parameters of RPC Describe* actions. */
export function rpcFilters(params: Params) {
  return repeatList(params, 'Filter').map(f => ({
    key: f.Key,
    values: repeatValues(f, 'Value'),
  }));
}

/**
 * Whether a row passes every `Filter.N` of `rpcFilters` whose key is one of
 * its `fields` (other keys are ignored; a missing value matches as '').
 */
export function matchesFilters(
  filters: ReturnType<typeof rpcFilters>,
  fields: Record<string, string | undefined>,
): boolean {
  return filters.every(
    f => !(f.key in fields) || f.values.includes(fields[f.key] ?? ''),
  );
}

export function paginate<T>(items: T[], pageNumber: number, pageSize: number) {
  return items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
}

/** The prefix length of a dotted netmask such as 255.255.255.252, or undefined if it is not one. */
export function netmaskBits(mask: string): number | undefined {
  if (!isIpv4(mask)) {
    return undefined;
  }
  const bits = ipv4ToInt(mask).toString(2).padStart(32, '0');
  if (!/^1*0*$/.test(bits)) {
    return undefined;
  }
  const firstZero = bits.indexOf('0');
  return firstZero < 0 ? 32 : firstZero;
}

/** The network an address lies in, as a CIDR block (`10.0.0.1`, 30 -> `10.0.0.0/30`). */
export function networkOf(ip: string, bits: number): string {
  const size = 2 ** (32 - bits);
  const start = Math.floor(ipv4ToInt(ip) / size) * size;
  const octets = [24, 16, 8, 0].map(s => Math.floor(start / 2 ** s) % 256);
  return `${octets.join('.')}/${bits}`;
}

/** Whether CIDR block `inner` lies inside (or equals) `outer`. */
export function cidrWithin(inner: string, outer: string): boolean {
  const [innerIp, innerBits] = inner.split('/');
  const outerBits = Number(outer.split('/')[1]);
  return Number(innerBits) >= outerBits && cidrContains(outer, innerIp);
}

const TOKEN_PREFIX = 'sim:';

/**
 * NextToken paging (the CEN List* calls, DescribeRouteEntryList): the token is
 * opaque to callers; a token that this service did not issue is refused.
 */
export function tokenPage<T>(
  items: T[],
  params: Params,
  opts: { sizeKey: string; defaultSize: number; maxSize: number },
) {
  const size =
    optInt(params, opts.sizeKey, 1, opts.maxSize) ?? opts.defaultSize;
  const token = optString(params, 'NextToken');
  let offset = 0;
  if (token) {
    const decoded = Buffer.from(token, 'base64url').toString('utf8');
    offset = decoded.startsWith(TOKEN_PREFIX)
      ? Number(decoded.slice(TOKEN_PREFIX.length))
      : NaN;
    if (!Number.isInteger(offset) || offset < 0) {
      throw invalidParameter(
        'NextToken',
        'pass the NextToken of the previous page unchanged',
      );
    }
  }
  const end = offset + size;
  return {
    page: items.slice(offset, end),
    size,
    nextToken:
      end < items.length
        ? Buffer.from(`${TOKEN_PREFIX}${end}`).toString('base64url')
        : '',
  };
}
