import { createHmac } from 'crypto';
import * as http from 'http';
import { ApiError } from './errors';
import { Params } from './params';
import {
  ACS3_HMAC_SHA256,
  acsPercentEncode,
  canonicalRequest,
  parseAuthorization,
  sha256Hex,
  signString,
  signaturesEqual,
  stringToSign,
} from './signature';

/** Allowed clock skew for x-acs-date. */
const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
/** Headers every V3 request carries and signs. */
const REQUIRED_SIGNED_HEADERS = [
  'host',
  'x-acs-action',
  'x-acs-content-sha256',
  'x-acs-date',
  'x-acs-signature-nonce',
  'x-acs-version',
];

export function gatewayError(status: number, code: string, message: string) {
  return new ApiError(status, code, message, { style: 'gateway' });
}

export function firstHeader(
  value: string | string[] | undefined,
): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** What authentication looks at in a request. */
export interface SignedRequest {
  headers: http.IncomingHttpHeaders;
  method: string;
  rawPath: string;
  query: Params;
  body: Buffer;
  form: Params;
}

/**
 * Request authentication as the OpenAPI gateway does it: ACS3-HMAC-SHA256
 * (V3) for every product, and the legacy HMAC-SHA1 query signature for RPC.
 */
export class RequestAuthenticator {
  private readonly secrets = new Map<string, string>();
  private readonly nonces = new Map<string, number>();

  constructor(
    credentials: Array<{ accessKeyId: string; accessKeySecret: string }>,
  ) {
    for (const c of credentials) {
      this.secrets.set(c.accessKeyId, c.accessKeySecret);
    }
  }

  authenticate(req: SignedRequest) {
    const authorization = firstHeader(req.headers.authorization);
    if (!authorization && req.query.Signature !== undefined) {
      this.authenticateRpcV2(req.method, { ...req.query, ...req.form });
      return;
    }
    if (!authorization) {
      throw gatewayError(
        400,
        'MissingAuthorization',
        'Authorization is mandatory for this action.',
      );
    }
    this.checkV3Headers(req.headers);
    const auth = this.parse(authorization, req.headers);
    const secret = this.secretOf(auth.accessKeyId);
    this.checkTimestamp(firstHeader(req.headers['x-acs-date'])!);
    const hashed = firstHeader(
      req.headers['x-acs-content-sha256'],
    )!.toLowerCase();
    const toSign = stringToSign(
      canonicalRequest({
        method: req.method,
        rawPath: req.rawPath,
        query: req.query,
        headers: req.headers,
        signedHeaders: auth.signedHeaders,
        hashedPayload: hashed,
      }),
    );
    if (!signaturesEqual(signString(secret, toSign), auth.signature)) {
      throw gatewayError(
        400,
        'SignatureDoesNotMatch',
        `Specified signature does not match our calculation. server string to sign is:${toSign}`,
      );
    }
    if (sha256Hex(req.body) !== hashed) {
      throw gatewayError(
        400,
        'SignatureDoesNotMatch',
        'Specified signature does not match our calculation. The x-acs-content-sha256 header does not match the SHA-256 of the request body.',
      );
    }
    this.checkNonce(
      auth.accessKeyId,
      firstHeader(req.headers['x-acs-signature-nonce'])!,
    );
  }

  private checkV3Headers(headers: http.IncomingHttpHeaders) {
    for (const h of [
      'x-acs-action',
      'x-acs-version',
      'x-acs-date',
      'x-acs-signature-nonce',
      'x-acs-content-sha256',
    ]) {
      if (!firstHeader(headers[h])) {
        throw gatewayError(
          400,
          'MissingParameter',
          `The input parameter "${h}" that is mandatory for processing this request is not supplied.`,
        );
      }
    }
  }

  private parse(authorization: string, headers: http.IncomingHttpHeaders) {
    const auth = parseAuthorization(authorization);
    if (!auth) {
      throw gatewayError(
        400,
        'IncompleteSignature',
        'The request signature does not conform to Aliyun standards.',
      );
    }
    if (auth.algorithm !== ACS3_HMAC_SHA256) {
      throw gatewayError(
        400,
        'IncompleteSignature',
        `The request signature does not conform to Aliyun standards. Unsupported signature algorithm ${auth.algorithm}.`,
      );
    }
    const missingSigned = REQUIRED_SIGNED_HEADERS.filter(
      h => !auth.signedHeaders.includes(h),
    );
    const unsignedAcs = Object.keys(headers).filter(
      h => h.startsWith('x-acs-') && !auth.signedHeaders.includes(h),
    );
    if (missingSigned.length || unsignedAcs.length) {
      throw gatewayError(
        400,
        'IncompleteSignature',
        `The request signature does not conform to Aliyun standards. Headers not signed: ${[
          ...missingSigned,
          ...unsignedAcs,
        ].join(',')}.`,
      );
    }
    return auth;
  }

  private secretOf(accessKeyId: string): string {
    const secret = this.secrets.get(accessKeyId);
    if (secret === undefined) {
      throw gatewayError(
        404,
        'InvalidAccessKeyId.NotFound',
        'Specified access key is not found.',
      );
    }
    return secret;
  }

  /** The legacy RPC signature (HMAC-SHA1 over the sorted parameters). */
  private authenticateRpcV2(method: string, params: Params) {
    for (const name of [
      'AccessKeyId',
      'SignatureMethod',
      'SignatureNonce',
      'Timestamp',
      'Signature',
    ]) {
      if (!params[name]) {
        throw gatewayError(
          400,
          `Missing${name}`,
          `${name} is mandatory for this action.`,
        );
      }
    }
    if (params.SignatureMethod !== 'HMAC-SHA1') {
      throw gatewayError(
        400,
        'InvalidSignatureMethod',
        'Specified signature method is not valid.',
      );
    }
    const secret = this.secretOf(params.AccessKeyId!);
    this.checkTimestamp(params.Timestamp!);
    const { Signature: signature, ...signed } = params;
    const canonical = Object.keys(signed)
      .sort()
      .map(k => `${acsPercentEncode(k)}=${acsPercentEncode(signed[k] ?? '')}`)
      .join('&');
    const toSign = `${method}&${acsPercentEncode('/')}&${acsPercentEncode(
      canonical,
    )}`;
    const expected = createHmac('sha1', `${secret}&`)
      .update(toSign)
      .digest('base64');
    if (!signaturesEqual(expected, signature!)) {
      throw gatewayError(
        400,
        'SignatureDoesNotMatch',
        `Specified signature is not matched with our calculation. server string to sign is:${toSign}`,
      );
    }
    this.checkNonce(params.AccessKeyId!, params.SignatureNonce!);
  }

  private checkTimestamp(date: string) {
    if (
      !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(date) ||
      Number.isNaN(Date.parse(date))
    ) {
      throw gatewayError(
        400,
        'InvalidTimeStamp.Format',
        'Specified time stamp or date value is not well formatted.',
      );
    }
    if (Math.abs(Date.now() - Date.parse(date)) > MAX_CLOCK_SKEW_MS) {
      throw gatewayError(
        400,
        'InvalidTimeStamp.Expired',
        'Specified time stamp or date value is expired.',
      );
    }
  }

  private checkNonce(accessKeyId: string, nonce: string) {
    const now = Date.now();
    if (this.nonces.size > 10000) {
      for (const [n, expires] of this.nonces) {
        if (expires < now) {
          this.nonces.delete(n);
        }
      }
    }
    const nonceKey = `${accessKeyId}:${nonce}`;
    const seen = this.nonces.get(nonceKey);
    if (seen !== undefined && seen >= now) {
      throw gatewayError(
        400,
        'SignatureNonceUsed',
        'Specified signature nonce was used already.',
      );
    }
    this.nonces.set(nonceKey, now + MAX_CLOCK_SKEW_MS);
  }
}
