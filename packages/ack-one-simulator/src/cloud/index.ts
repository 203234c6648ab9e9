export { CloudApi, DEFAULT_TIMING } from './CloudApi';
export type { CloudApiOptions, CloudFaults, FailOptions } from './CloudApi';
export type { CloudTiming, CloudLogger, MemberStatus } from './context';
export { ApiError } from './errors';
export { buildAgentManifest, AGENT_IMAGE } from './agentManifest';
export { signRequest, EMPTY_BODY_SHA256 } from './signature';
