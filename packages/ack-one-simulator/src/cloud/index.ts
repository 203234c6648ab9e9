export { CloudApi, DEFAULT_TIMING } from './CloudApi';
export type { CloudApiOptions, CloudFaults, FailOptions } from './CloudApi';
export type { CloudTiming, CloudLogger, MemberStatus } from './context';
export { ApiError } from './errors';
export { buildAgentManifest, AGENT_IMAGE } from './agentManifest';
export { signRequest, EMPTY_BODY_SHA256 } from './signature';
export {
  FAST_TIMING,
  REALISTIC_TIMING,
  RESOURCE_KINDS,
  FAILABLE_KINDS,
  timingProfile,
} from './timing';
export type { ResourceKind, TimingProfile } from './timing';
export type { CloudClock } from './scheduler';
