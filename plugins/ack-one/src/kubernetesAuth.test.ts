import { AckOneKubernetesAuthProviders } from './kubernetesAuth';

describe('AckOneKubernetesAuthProviders', () => {
  const fallback = {
    decorateRequestBodyForAuth: jest.fn(async (_p: string, body: any) => ({
      ...body,
      auth: { google: 'token-from-browser' },
    })),
    getCredentials: jest.fn(async () => ({ token: 'token-from-browser' })),
  };
  const providers = new AckOneKubernetesAuthProviders(fallback);

  beforeEach(() => jest.clearAllMocks());

  it('sends no browser credential for ACK One clusters', async () => {
    const body = { entity: { kind: 'Component' } } as any;
    await expect(
      providers.decorateRequestBodyForAuth('ackOne', body),
    ).resolves.toEqual(body);
    await expect(providers.getCredentials('ackOne')).resolves.toEqual({});
    expect(fallback.decorateRequestBodyForAuth).not.toHaveBeenCalled();
    expect(fallback.getCredentials).not.toHaveBeenCalled();
  });

  it('hands every other provider to the wrapped implementation', async () => {
    const body = { entity: { kind: 'Component' } } as any;
    await expect(
      providers.decorateRequestBodyForAuth('google', body),
    ).resolves.toEqual({ ...body, auth: { google: 'token-from-browser' } });
    await expect(providers.getCredentials('google')).resolves.toEqual({
      token: 'token-from-browser',
    });
    expect(fallback.decorateRequestBodyForAuth).toHaveBeenCalledWith(
      'google',
      body,
    );
  });
});
