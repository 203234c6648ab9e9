import { ResponseError } from '@backstage/errors';
import { backendMessage, entityRefLabel } from './format';

describe('entityRefLabel', () => {
  it('drops the kind, and the namespace when it is the default one', () => {
    expect(entityRefLabel('group:default/platform-team')).toBe('platform-team');
    expect(entityRefLabel('system:team-a/shop')).toBe('team-a/shop');
    expect(entityRefLabel(undefined)).toBe('');
  });
});

describe('backendMessage', () => {
  it("shows the backend's own message of a failed call", async () => {
    const error = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'NotFoundError', message: 'No cluster c-x is known' },
          response: { statusCode: 404 },
        }),
        {
          status: 404,
          statusText: 'Not Found',
          headers: { 'Content-Type': 'application/json' },
        },
      ),
    );
    expect(backendMessage(error)).toBe('No cluster c-x is known');
  });

  it('falls back to the status line and to plain errors', async () => {
    const error = await ResponseError.fromResponse(
      new Response('<html>bad gateway</html>', {
        status: 502,
        statusText: 'Bad Gateway',
      }),
    );
    expect(backendMessage(error)).toMatch(/502 Bad Gateway/);
    expect(backendMessage(new Error('offline'))).toBe('offline');
  });
});
