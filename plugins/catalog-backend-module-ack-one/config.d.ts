import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /** ACK One entity providers, one per key. */
      ackOne?: {
        [id: string]: {
          /** An `ackOne.accounts[].id`. */
          account: string;
          /** Regions to read; default: every region of the account. */
          regions?: string[];
          /** `spec.owner` of the emitted entities; default `unknown`. */
          owner?: string;
          /** `spec.system` of the emitted entities. */
          system?: string;
          /** Default: every 30 minutes, 3 minute timeout. */
          schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        };
      };
    };
  };
}
