import type { DemoUser } from './users';

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, c => ENTITIES[c]);
}

function layout(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)}</title>
  <style>
    body { font-family: system-ui, sans-serif; background: #f5f5f5; margin: 0; }
    main { max-width: 420px; margin: 48px auto; background: #fff; padding: 24px 32px;
      border-radius: 4px; box-shadow: 0 1px 3px rgba(0,0,0,.2); }
    h1 { font-size: 1.4em; font-weight: 500; }
    label { display: block; margin: 16px 0 4px; }
    input[type=text] { width: 100%; box-sizing: border-box; padding: 8px; font-size: 1em; }
    button { margin-top: 16px; padding: 8px 20px; font-size: 1em; cursor: pointer;
      background: #1f5493; color: #fff; border: 0; border-radius: 4px; }
    .alert { color: #b00020; }
    .hint, footer { color: #555; font-size: .9em; }
  </style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>
`;
}

function userList(users: DemoUser[]): string {
  return users
    .map(
      u =>
        `<code>${escapeHtml(u.name)}</code>${
          u.displayName !== u.name ? ` (${escapeHtml(u.displayName)})` : ''
        }`,
    )
    .join(', ');
}

/** The sign-in form: the name of one of the demo users, no password. */
export function loginPage(options: {
  submitUrl: string;
  abortUrl: string;
  users?: DemoUser[];
  login?: string;
  error?: string;
}): string {
  const { submitUrl, abortUrl, users, login, error } = options;
  const hint = users?.length
    ? `<p class="hint">Demo users: ${userList(users)}.</p>`
    : '';
  return layout(
    'Sign in to the ACK One demo',
    `<p>The local demo identity provider of the ACK One simulator. Sign in as
one of the catalog's users with an email; there is no password.</p>
${hint}
${error ? `<p class="alert" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="${escapeHtml(submitUrl)}" autocomplete="off">
  <label for="login">User name</label>
  <input type="text" id="login" name="login" required autofocus
    value="${escapeHtml(login ?? '')}">
  <button type="submit">Sign in</button>
</form>
<footer><p><a href="${escapeHtml(abortUrl)}">Cancel</a></p></footer>`,
  );
}

const SCOPE_TEXT: Record<string, string> = {
  openid: 'who you are (your user name)',
  profile: 'your name',
  email: 'your email address',
};

/** Asks the signed-in user to let the client read their profile. */
export function consentPage(options: {
  submitUrl: string;
  abortUrl: string;
  clientName: string;
  user?: DemoUser;
  scopes: string[];
}): string {
  const { submitUrl, abortUrl, clientName, user, scopes } = options;
  const items = scopes
    .map(s => `<li>${escapeHtml(SCOPE_TEXT[s] ?? s)}</li>`)
    .join('');
  const who = user
    ? `${escapeHtml(user.displayName)} (${escapeHtml(user.email)})`
    : 'you';
  return layout(
    `Allow ${clientName}?`,
    `<p>${escapeHtml(clientName)} asks to sign in ${who} and to read:</p>
<ul>${items}</ul>
<form method="post" action="${escapeHtml(submitUrl)}">
  <button type="submit">Allow</button>
</form>
<footer><p><a href="${escapeHtml(abortUrl)}">Cancel</a></p></footer>`,
  );
}

/** A failed step of the sign-in, with what to do about it. */
export function errorPage(title: string, lines: string[]): string {
  return layout(title, lines.map(l => `<p>${escapeHtml(l)}</p>`).join('\n'));
}
