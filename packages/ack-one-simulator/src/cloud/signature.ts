import { createHash, createHmac, timingSafeEqual } from 'crypto';

/** The only V3 signature algorithm the simulator accepts. */
export const ACS3_HMAC_SHA256 = 'ACS3-HMAC-SHA256';

export const EMPTY_BODY_SHA256 =
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** RFC 3986 encoding as used by the V3 canonical query string. */
export function acsPercentEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/!/g, '%21')
    .replace(/'/g, '%27')
    .replace(/\(/g, '%28')
    .replace(/\)/g, '%29')
    .replace(/\*/g, '%2A');
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export function canonicalUri(rawPath: string): string {
  return (rawPath || '/')
    .replace(/\+/g, '%20')
    .replace(/\*/g, '%2A')
    .replace(/%7E/g, '~');
}

/** Keys sorted, values encoded, keys taken verbatim (as the SDK does). */
export function canonicalQueryString(
  query: Record<string, string | undefined>,
): string {
  return Object.keys(query)
    .sort()
    .map(key => {
      const value = query[key];
      return value === undefined || value === null
        ? `${key}=`
        : `${key}=${acsPercentEncode(value)}`;
    })
    .join('&');
}

export interface CanonicalInput {
  method: string;
  rawPath: string;
  query: Record<string, string | undefined>;
  /** lower-cased header name -> value */
  headers: Record<string, string | string[] | undefined>;
  signedHeaders: string[];
  hashedPayload: string;
}

function headerValue(value: string | string[] | undefined): string {
  if (Array.isArray(value)) {
    return value
      .map(v => v.trim())
      .sort()
      .join(',');
  }
  return (value ?? '').trim();
}

export function canonicalRequest(input: CanonicalInput): string {
  const signed = [...input.signedHeaders].sort();
  const canonicalHeaders = signed
    .map(name => `${name}:${headerValue(input.headers[name])}\n`)
    .join('');
  return [
    input.method.toUpperCase(),
    canonicalUri(input.rawPath),
    canonicalQueryString(input.query),
    canonicalHeaders,
    signed.join(';'),
    input.hashedPayload,
  ].join('\n');
}

export function stringToSign(canonical: string): string {
  return `${ACS3_HMAC_SHA256}\n${sha256Hex(canonical)}`;
}

export function signString(secret: string, toSign: string): string {
  return createHmac('sha256', secret).update(toSign).digest('hex');
}

export interface ParsedAuthorization {
  algorithm: string;
  accessKeyId: string;
  signedHeaders: string[];
  signature: string;
}

/**
 * Parses `ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=a;b,Signature=<hex>`.
 * Returns undefined when the header does not have that shape.
 */
export function parseAuthorization(
  header: string | undefined,
): ParsedAuthorization | undefined {
  if (!header) {
    return undefined;
  }
  const trimmed = header.trim();
  const space = trimmed.indexOf(' ');
  if (space <= 0) {
    return undefined;
  }
  const algorithm = trimmed.slice(0, space);
  const fields: Record<string, string> = {};
  for (const part of trimmed.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) {
      return undefined;
    }
    fields[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  const { Credential, SignedHeaders, Signature } = fields;
  if (!Credential || !SignedHeaders || !Signature) {
    return undefined;
  }
  return {
    algorithm,
    accessKeyId: Credential,
    signedHeaders: SignedHeaders.split(';')
      .map(h => h.trim().toLowerCase())
      .filter(Boolean),
    signature: Signature.toLowerCase(),
  };
}

export function signaturesEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}

/**
 * Builds the Authorization header for a request, exactly as the SDK does.
 * Used by tests and by tools that talk to the simulator without the SDK.
 */
export function signRequest(opts: {
  method: string;
  rawPath: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  accessKeyId: string;
  accessKeySecret: string;
}): string {
  const lower: Record<string, string> = {};
  for (const [k, v] of Object.entries(opts.headers)) {
    lower[k.toLowerCase()] = v;
  }
  const signedHeaders = Object.keys(lower)
    .filter(k => k.startsWith('x-acs-') || k === 'host' || k === 'content-type')
    .sort();
  const canonical = canonicalRequest({
    method: opts.method,
    rawPath: opts.rawPath,
    query: opts.query,
    headers: lower,
    signedHeaders,
    hashedPayload: lower['x-acs-content-sha256'] ?? EMPTY_BODY_SHA256,
  });
  const signature = signString(opts.accessKeySecret, stringToSign(canonical));
  return `${ACS3_HMAC_SHA256} Credential=${
    opts.accessKeyId
  },SignedHeaders=${signedHeaders.join(';')},Signature=${signature}`;
}
