import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors, KubeError, statusObject } from './status';

export const JSON_HEADERS = {
  'Content-Type': 'application/json',
  'Cache-Control': 'no-cache, private',
};

/** `Warning: 299 - "<text>"` headers, as the API server sends them. */
export function warningHeaders(warnings: string[] | undefined) {
  if (!warnings?.length) return {};
  return { Warning: warnings.map(w => `299 - ${JSON.stringify(w)}`) };
}

export function sendJson(
  res: ServerResponse,
  code: number,
  body: unknown,
  warnings?: string[],
) {
  const s = JSON.stringify(body);
  res.writeHead(code, {
    ...JSON_HEADERS,
    ...warningHeaders(warnings),
    'Content-Length': Buffer.byteLength(s),
  });
  res.end(s);
}

export function sendError(res: ServerResponse, e: unknown) {
  if (e instanceof KubeError) return sendJson(res, e.code, e.status);
  return sendJson(
    res,
    500,
    statusObject(
      500,
      'InternalError',
      `Internal error occurred: ${(e as Error)?.message ?? e}`,
    ),
  );
}

export function readBody(
  req: IncomingMessage,
  limit = 16 * 1024 * 1024,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(
          new KubeError(
            statusObject(
              413,
              'RequestEntityTooLarge',
              'request entity too large',
            ),
          ),
        );
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function parseJsonBody(s: string): any {
  try {
    return JSON.parse(s);
  } catch (e) {
    throw errors.badRequest(
      `error decoding request body: ${(e as Error).message}`,
    );
  }
}

export function wantsTable(accept: string | undefined): boolean {
  return !!accept && accept.includes('as=Table');
}
