import net from 'node:net';

/** A port that was free a moment ago, on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

/**
 * A browser stand-in for the authorization code flow: follows nothing on its
 * own, keeps the cookies the provider sets (by name; the flow is sequential).
 */
export class FlowClient {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly issuer: string) {}

  async request(
    pathOrUrl: string,
    init: { method?: string; form?: Record<string, string> } = {},
  ) {
    const url = new URL(pathOrUrl, this.issuer);
    const headers: Record<string, string> = {
      cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    };
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const res = await fetch(url, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
      redirect: 'manual',
    });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair, ...attributes] = cookie.split(';');
      const [name, value] = [
        pair.slice(0, pair.indexOf('=')),
        pair.slice(pair.indexOf('=') + 1),
      ];
      const expired = attributes.some(a =>
        /expires=Thu, 01 Jan 1970/i.test(a.trim()),
      );
      if (expired || !value) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value);
    }
    return {
      status: res.status,
      location: res.headers.get('location') ?? undefined,
      body: await res.text(),
    };
  }

  /** Starts an authorization and returns the first interaction's path. */
  async authorize(redirectUri: string): Promise<string> {
    const query = new URLSearchParams({
      client_id: 'backstage',
      response_type: 'code',
      scope: 'openid profile email',
      redirect_uri: redirectUri,
      state: 'state-1',
      nonce: 'nonce-1',
    });
    const res = await this.request(`/auth?${query}`);
    if (res.status !== 303 || !res.location) {
      throw new Error(`authorize answered ${res.status}: ${res.body}`);
    }
    return res.location;
  }

  /** Follows redirects within the provider until one leaves it. */
  async follow(location: string): Promise<string> {
    let next = location;
    for (let i = 0; i < 5; i++) {
      const url = new URL(next, this.issuer);
      if (url.origin !== new URL(this.issuer).origin) return url.href;
      if (url.pathname.startsWith('/interaction/')) return url.pathname;
      const res = await this.request(url.href);
      if (!res.location) {
        throw new Error(`${url.pathname} answered ${res.status}: ${res.body}`);
      }
      next = res.location;
    }
    throw new Error('Too many redirects');
  }
}
