import { DefaultAckOneService } from './DefaultAckOneService';
import { withSdkAccess } from './sdkAccess';
import { ackOneServiceMock } from './testUtils';
import { createAckOneWriteService } from './write';

describe('withSdkAccess', () => {
  it('gives the default service its raw SDK calls', () => {
    const ackOne = new DefaultAckOneService({ accounts: [] });
    expect(withSdkAccess(ackOne)).toBe(ackOne);
  });

  it('refuses, in plain words, a service without SDK access', () => {
    expect(() => createAckOneWriteService(ackOneServiceMock())).toThrow(
      /needs an AckOneService with SDK access \(DefaultAckOneService/,
    );
  });
});
