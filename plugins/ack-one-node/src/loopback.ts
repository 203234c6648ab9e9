import { isIPv4, isIPv6 } from 'node:net';

/**
 * Whether a host name (as `URL.hostname` gives it, IPv6 in brackets or not)
 * is a loopback address: `localhost`, 127.0.0.0/8 or ::1. Plain HTTP is only
 * allowed to such hosts.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (host === 'localhost') return true;
  if (isIPv4(host)) return host.split('.')[0] === '127';
  if (isIPv6(host)) {
    if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
    // IPv4-mapped (::ffff:127.0.0.1, which URL spells ::ffff:7f00:1)
    const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
    if (dotted) return isLoopbackHost(dotted[1]);
    const hex = /^::ffff:([0-9a-f]{1,4}):[0-9a-f]{1,4}$/.exec(host);
    return !!hex && parseInt(hex[1], 16) >> 8 === 127;
  }
  return false;
}

/** The host name of a `host[:port]` endpoint, or undefined if it is not one. */
export function endpointHost(endpoint: string): string | undefined {
  if (endpoint.includes('://')) return undefined;
  try {
    return new URL(`http://${endpoint}`).hostname;
  } catch {
    return undefined;
  }
}
