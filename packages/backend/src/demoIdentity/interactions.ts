import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type Provider from 'oidc-provider';
import type { InteractionDetails } from 'oidc-provider';
import { consentPage, errorPage, loginPage } from './pages';
import type { DemoUsers } from './users';

const FORM_LIMIT = 8 * 1024;

function sendHtml(res: ServerResponse, status: number, html: string) {
  res.statusCode = status;
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.setHeader(
    'content-security-policy',
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  );
  res.end(html);
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > FORM_LIMIT) {
      throw new Error(`The form is larger than ${FORM_LIMIT} bytes`);
    }
  }
  return new URLSearchParams(body);
}

/** A name as it may appear in the log: quoted and short. */
const forLog = (name: string) => JSON.stringify(name.slice(0, 64));

const urls = (uid: string) => ({
  abortUrl: `/interaction/${uid}/abort`,
  loginUrl: `/interaction/${uid}/login`,
  confirmUrl: `/interaction/${uid}/confirm`,
});

type Refusal = { login: string; status: number; error: string };

/**
 * The sign-in pages of the demo identity provider, under
 * `/interaction/<uid>` where oidc-provider sends the browser: the page of
 * the current step (GET), the login form (POST `/login`), the consent form
 * (POST `/confirm`) and `/abort`.
 */
export class DemoInteractions {
  constructor(
    private readonly provider: Provider,
    private readonly users: DemoUsers,
    private readonly logger: LoggerService,
  ) {}

  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    step: string | undefined,
  ): Promise<void> {
    try {
      await this.route(req, res, step);
    } catch (error) {
      this.fail(res, error as Error & { statusCode?: number });
    }
  }

  private async route(
    req: IncomingMessage,
    res: ServerResponse,
    step: string | undefined,
  ) {
    const details = await this.provider.interactionDetails(req, res);
    const prompt = details.prompt.name;
    if (step === undefined && req.method === 'GET') {
      await this.show(res, details);
    } else if (step === 'abort' && req.method === 'GET') {
      await this.provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'The user cancelled' },
        { mergeWithLastSubmission: false },
      );
    } else if (
      step === 'login' &&
      req.method === 'POST' &&
      prompt === 'login'
    ) {
      await this.login(req, res, details);
    } else if (
      step === 'confirm' &&
      req.method === 'POST' &&
      prompt === 'consent'
    ) {
      await this.confirm(req, res, details);
    } else {
      sendHtml(
        res,
        400,
        errorPage('Not this step', [
          'This page does not belong to the current step of the sign-in.',
          'Close this window and sign in again from the portal.',
        ]),
      );
    }
  }

  private async show(res: ServerResponse, details: InteractionDetails) {
    if (details.prompt.name === 'login') {
      await this.showLogin(res, details);
      return;
    }
    const { abortUrl, confirmUrl } = urls(details.uid);
    const clientId = String(details.params.client_id);
    const client = await this.provider.Client.find(clientId);
    const accountId = details.session?.accountId;
    sendHtml(
      res,
      200,
      consentPage({
        submitUrl: confirmUrl,
        abortUrl,
        clientName: client?.clientName ?? clientId,
        user: accountId ? await this.users.find(accountId) : undefined,
        scopes: String(details.params.scope ?? 'openid').split(' '),
      }),
    );
  }

  private async showLogin(
    res: ServerResponse,
    details: InteractionDetails,
    refusal?: Refusal,
  ) {
    const { abortUrl, loginUrl } = urls(details.uid);
    const known = await this.users.list().catch(() => undefined);
    sendHtml(
      res,
      refusal?.status ?? 200,
      loginPage({
        submitUrl: loginUrl,
        abortUrl,
        users: known,
        login: refusal?.login,
        error: refusal?.error,
      }),
    );
  }

  private async login(
    req: IncomingMessage,
    res: ServerResponse,
    details: InteractionDetails,
  ) {
    const name = ((await readForm(req)).get('login') ?? '').trim();
    const user = name ? await this.users.find(name) : undefined;
    if (!user) {
      this.logger.info(
        `Demo identity provider refused unknown user ${forLog(name)}`,
      );
      const known = await this.users.list().catch(() => []);
      const next = known.length
        ? `Sign in as one of: ${known.map(u => u.name).join(', ')}.`
        : 'The catalog has no users with an email yet; add one to examples/org.yaml.';
      const error = `There is no demo user named "${name}". ${next}`;
      await this.showLogin(res, details, { login: name, status: 401, error });
      return;
    }
    this.logger.info(`Demo identity provider signed in ${forLog(user.name)}`);
    await this.provider.interactionFinished(
      req,
      res,
      { login: { accountId: user.name } },
      { mergeWithLastSubmission: false },
    );
  }

  private async confirm(
    req: IncomingMessage,
    res: ServerResponse,
    details: InteractionDetails,
  ) {
    const { prompt, params, session, grantId } = details;
    const grant = grantId
      ? await this.provider.Grant.find(grantId)
      : new this.provider.Grant({
          accountId: session?.accountId ?? '',
          clientId: String(params.client_id),
        });
    if (!grant) throw new Error('The grant of this sign-in has expired');
    const missing = prompt.details as {
      missingOIDCScope?: string[];
      missingOIDCClaims?: string[];
      missingResourceScopes?: Record<string, string[]>;
    };
    if (missing.missingOIDCScope) {
      grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    }
    if (missing.missingOIDCClaims) {
      grant.addOIDCClaims(missing.missingOIDCClaims);
    }
    for (const [indicator, scopes] of Object.entries(
      missing.missingResourceScopes ?? {},
    )) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
    await this.provider.interactionFinished(
      req,
      res,
      { consent: { grantId: await grant.save() } },
      { mergeWithLastSubmission: true },
    );
  }

  private fail(res: ServerResponse, e: Error & { statusCode?: number }) {
    if (e.name === 'SessionNotFound') {
      sendHtml(
        res,
        400,
        errorPage('This sign-in has expired', [
          'The sign-in was started too long ago or in another browser.',
          'Close this window and sign in again from the portal.',
        ]),
      );
      return;
    }
    this.logger.warn(`Demo identity provider: a sign-in step failed: ${e}`);
    if (res.headersSent) return;
    sendHtml(
      res,
      e.statusCode && e.statusCode < 500 ? e.statusCode : 500,
      errorPage('The sign-in failed', [
        String(e.message),
        "Close this window and sign in again from the portal; the backend's " +
          'log has the details.',
      ]),
    );
  }
}
