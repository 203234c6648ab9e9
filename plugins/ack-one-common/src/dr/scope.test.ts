import { namespaceClaimsOf, namespaceScopeProblem } from './scope';

describe('namespace scope', () => {
  it('names an entity by its kubernetes-id, else its name, and its owner by name', () => {
    expect(
      namespaceClaimsOf({
        metadata: {
          name: 'web',
          annotations: { 'backstage.io/kubernetes-id': 'web-demo' },
        },
        spec: { owner: 'group:default/platform-team' },
      }),
    ).toEqual({ entityId: 'web-demo', owner: 'platform-team' });
    expect(
      namespaceClaimsOf({
        metadata: { name: 'web' },
        spec: { owner: 'team-a' },
      }),
    ).toEqual({ entityId: 'web', owner: 'team-a' });
    expect(namespaceClaimsOf({ metadata: { name: 'web' } })).toEqual({
      entityId: 'web',
      owner: undefined,
    });
  });

  it('says which rule refused, which labels would allow it, and where to set them', () => {
    const p = namespaceScopeProblem(
      { entityId: 'web', owner: 'team-a' },
      { namespace: 'payments', fleet: 'f1', account: 'prod' },
    );
    expect(p.severity).toBe('error');
    expect(p.annotation).toBe('backstage.io/kubernetes-namespace');
    expect(p.message).toContain('may not read namespace "payments"');
    expect(p.message).toContain('namespace-label rule');
    expect(p.message).toContain(
      'backstage.io/kubernetes-id=web or ack-one/owner=team-a',
    );
    const any = namespaceScopeProblem(
      { entityId: 'web' },
      { fleet: 'f1', account: 'prod' },
    );
    expect(any.annotation).toBeUndefined();
    expect(any.message).toContain('may not read any namespace');
    expect(any.message).toContain('label backstage.io/kubernetes-id=web.');
  });
});
