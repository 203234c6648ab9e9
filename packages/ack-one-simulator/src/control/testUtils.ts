import http from 'node:http';

export interface ControlAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  body: any;
}

/** One HTTP request against the control API (tests only). */
export function controlRequest(
  base: string,
  p: string,
  opts: {
    method?: string;
    token?: string;
    headers?: Record<string, string | number>;
    /** an object is sent as JSON; a string or Buffer as is */
    body?: unknown;
    /** sent in chunks without Content-Length */
    chunks?: Buffer[];
    /** a Content-Length to declare without sending any body */
    declaredLength?: number;
  } = {},
): Promise<ControlAnswer> {
  let data: Buffer | undefined;
  if (Buffer.isBuffer(opts.body)) data = opts.body;
  else if (typeof opts.body === 'string') data = Buffer.from(opts.body);
  else if (opts.body !== undefined)
    data = Buffer.from(JSON.stringify(opts.body));
  const headers: Record<string, string | number> = {
    ...(opts.token ? { Authorization: `Bearer ${opts.token}` } : {}),
    ...(data && !Buffer.isBuffer(opts.body) && typeof opts.body !== 'string'
      ? { 'Content-Type': 'application/json' }
      : {}),
    ...(data ? { 'Content-Length': data.length } : {}),
    ...(opts.declaredLength !== undefined
      ? { 'Content-Length': opts.declaredLength }
      : {}),
    ...opts.headers,
  };
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request(
      `${base}${p}`,
      { method: opts.method ?? 'POST', headers, agent: false },
      res => {
        answered = true;
        const got: Buffer[] = [];
        res.on('data', c => got.push(c));
        res.on('error', () => {});
        res.on('end', () => {
          const text = Buffer.concat(got).toString('utf8');
          let body: any;
          try {
            body = JSON.parse(text);
          } catch {
            body = undefined;
          }
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            body,
          });
          req.destroy();
        });
      },
    );
    // The server closes the connection of a refused request; an error after
    // its answer arrived (the rest of a large body) doesn't matter.
    req.on('error', e => {
      if (!answered) reject(e);
    });
    if (opts.chunks) {
      for (const c of opts.chunks) req.write(c);
      req.end();
    } else if (opts.declaredLength !== undefined) {
      // headers only: the answer has to come before any body is read
      req.flushHeaders();
    } else {
      req.end(data);
    }
  });
}
