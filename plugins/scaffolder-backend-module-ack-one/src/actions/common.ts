import {
  ActionContext,
  createTemplateAction,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import {
  AckOneService,
  AckOneWhere,
  AckOneWriteService,
  clientTokenFor,
} from '@internal/plugin-ack-one-node';
import { ackOneEntityName } from '@internal/plugin-ack-one-common';
import { stringify as toYaml } from 'yaml';
import type { ScaffolderAckOneConfig } from '../config';

/** What every action is built from. */
export interface AckOneActionDeps {
  ackOne: AckOneService;
  write: AckOneWriteService;
  config: ScaffolderAckOneConfig;
}

/** The parts of the scaffolder's ActionContext the actions use. */
export type RunContext = Pick<
  ActionContext<any, any>,
  'logger' | 'task' | 'step' | 'isDryRun' | 'signal' | 'checkpoint' | 'secrets'
>;

/** The zod the scaffolder hands to action schemas. */
export type Zod = Parameters<
  Extract<
    NonNullable<
      NonNullable<Parameters<typeof createTemplateAction>[0]['schema']>['input']
    >,
    (...args: any[]) => any
  >
>[0];

/** The JSON object type of action inputs and outputs. */
type JsonObject = Parameters<TemplateAction['handler']>[0]['input'];

/** The value type of an action's zod schema function. */
export type SchemaType<F extends (z: Zod) => { _output: unknown }> =
  ReturnType<F>['_output'];

/** The context of an action whose input and output follow these schemas. */
export type ActionCtx<
  I extends (z: Zod) => { _output: JsonObject },
  O extends (z: Zod) => { _output: JsonObject },
> = ActionContext<SchemaType<I>, SchemaType<O>>;

/** An action's zod schema function, as `createTemplateAction` takes it. */
type SchemaFn = Extract<
  NonNullable<
    NonNullable<Parameters<typeof createTemplateAction>[0]['schema']>['input']
  >,
  (...args: any[]) => any
>;

/** What an `ack-one:*` action is: its id, words, schemas and steps. */
export interface AckOneActionSpec<I extends SchemaFn, O extends SchemaFn> {
  id: string;
  description: string;
  examples: Array<{ description: string; example: string }>;
  input: I;
  output: O;
  /** Runs the action: `run` names its steps and what they created. */
  run(
    run: ActionRun,
    ctx: ActionContext<SchemaType<I>, SchemaType<O>>,
  ): Promise<void>;
}

/** The `account` and `region` inputs every action takes. */
export function whereInputs(z: Zod) {
  return {
    account: z
      .string()
      .optional()
      .describe('ackOne.accounts id; default: the only account'),
    region: z
      .string()
      .optional()
      .describe("Region; default: the account's first region"),
  };
}

/** A template that runs one step, as YAML, for an action's examples. */
export function oneStepExample(step: {
  id: string;
  action: string;
  name: string;
  input: object;
}): string {
  return toYaml({ steps: [step] });
}

/**
 * The catalog entity ref the ACK One provider gives a cluster or Fleet;
 * `fallback` names it when the provider would not (default: the id).
 */
export function resourceRef(name: string, id: string, fallback = id): string {
  return `resource:default/${ackOneEntityName(name, id) ?? fallback}`;
}

/** Prefix of the ids a dry run outputs for what it would create. */
export const DRY_RUN_PREFIX = 'dry-run-';

export function isDryRunId(id: string | undefined): boolean {
  return !!id && id.startsWith(DRY_RUN_PREFIX);
}

export function dryRunId(what: string): string {
  return `${DRY_RUN_PREFIX}${what}`;
}

/** The account and region of an action: given, or the only/first configured. */
export function resolveWhere(
  ackOne: AckOneService,
  input: { account?: string; region?: string },
): AckOneWhere {
  const accounts = ackOne.listAccounts();
  if (!accounts.length) {
    throw new Error(
      'no ACK One account is configured (ackOne.accounts); add one to use the ACK One actions',
    );
  }
  // templates pass empty strings for inputs left empty
  let account = accounts.find(a => a.id === input.account);
  if (input.account && !account) {
    throw new Error(
      `account "${
        input.account
      }" is not in ackOne.accounts; configured accounts: ${accounts
        .map(a => a.id)
        .join(', ')}`,
    );
  }
  if (!account) {
    if (accounts.length > 1) {
      throw new Error(
        `several ACK One accounts are configured; choose one with the "account" input: ${accounts
          .map(a => a.id)
          .join(', ')}`,
      );
    }
    account = accounts[0];
  }
  const region = input.region || account.regions[0];
  if (!account.regions.includes(region)) {
    throw new Error(
      `region ${region} is not configured for account ${
        account.id
      }; its regions: ${account.regions.join(', ')}`,
    );
  }
  return { account: account.id, region };
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * The progress of one action run: named steps, and the resources that are
 * known to exist, so a failure says where it stopped and what is in place.
 */
export class ActionRun {
  readonly existing: Array<{ what: string; id: string }> = [];

  constructor(
    readonly actionId: string,
    readonly ctx: RunContext,
    readonly deps: AckOneActionDeps,
  ) {}

  /** The account and region the input names (see `resolveWhere`). */
  where(input: { account?: string; region?: string }): AckOneWhere {
    return resolveWhere(this.deps.ackOne, input);
  }

  /** Records a resource that exists (shown if a later step fails). */
  note(what: string, id: string) {
    if (id && !this.existing.some(e => e.id === id)) {
      this.existing.push({ what, id });
    }
  }

  /** Drops a resource that turned out to be gone. */
  forget(id: string) {
    const i = this.existing.findIndex(e => e.id === id);
    if (i >= 0) this.existing.splice(i, 1);
  }

  /** Runs one step; its failure names the step and what already exists. */
  async step<T>(name: string, fn: () => Promise<T>): Promise<T> {
    this.ctx.logger.info(`${name} ...`);
    try {
      return await fn();
    } catch (e) {
      const inPlace = this.existing.length
        ? `Already in place: ${this.existing
            .map(x => `${x.what} ${x.id}`)
            .join(
              ', ',
            )}. Retry the task to continue from there; nothing is created twice.`
        : 'Nothing was created by this step yet.';
      const err = new Error(
        `${this.actionId} failed at step "${name}": ${errorText(
          e,
        )}. ${inPlace}`,
      );
      err.name = 'AckOneActionError';
      throw err;
    }
  }

  /** The ClientToken of a create call of this task and step. */
  clientToken(key: string, generation = 0): string {
    return clientTokenFor(
      this.ctx.task.id,
      `${this.ctx.step?.id ?? ''}/${key}`,
      generation,
    );
  }

  /**
   * Create-or-get, safe to repeat: returns the resource `find` finds, or
   * creates it (with a ClientToken, under a checkpoint). When the id a
   * checkpoint or token gave is gone (its creation failed after the call),
   * a new generation of both is used to create it again.
   */
  async ensure(opts: {
    what: string;
    key: string;
    find: () => Promise<string | undefined>;
    create: (clientToken: string) => Promise<string>;
    exists: (id: string) => Promise<boolean>;
  }): Promise<string> {
    for (let generation = 0; generation < 5; generation++) {
      const key = generation ? `${opts.key}.g${generation}` : opts.key;
      const id = await this.ctx.checkpoint({
        key,
        fn: async () => {
          const found = await opts.find();
          if (found) {
            this.ctx.logger.info(`${opts.what} ${found} exists; using it`);
            return found;
          }
          const created = await opts.create(
            this.clientToken(opts.key, generation),
          );
          if (!created)
            throw new Error(`the cloud returned no id for the ${opts.what}`);
          this.ctx.logger.info(`created ${opts.what} ${created}`);
          return created;
        },
      });
      if (await opts.exists(id)) {
        this.note(opts.what, id);
        return id;
      }
      this.ctx.logger.warn(
        `${opts.what} ${id} from an earlier attempt no longer exists (its creation failed); creating it again`,
      );
    }
    throw new Error(`the ${opts.what} kept disappearing after its creation`);
  }

  /** Logs what a dry run would call (the caller leaves secrets out). */
  plan(call: string, params: object) {
    this.ctx.logger.info(
      `[dry run] would call ${call} ${JSON.stringify(params)}`,
    );
  }

  /** Logs a manifest a dry run would apply. */
  planManifest(where: string, objects: object[]) {
    for (const o of objects) {
      this.ctx.logger.info(
        `[dry run] would server-side apply to ${where}:\n${toYaml(o)}`,
      );
    }
  }

  /** Polls until `poll` reports done (bounded; progress in the task log). */
  async waitFor<T>(opts: {
    what: string;
    timeoutSeconds: number;
    poll: () => Promise<{
      done: boolean;
      state: string;
      value?: T;
      /** Set when it can never become ready: the reason. */
      failed?: string;
    }>;
    /** What to say on timeout after the last state. */
    hint?: string;
  }): Promise<T> {
    const deadline = Date.now() + opts.timeoutSeconds * 1000;
    let last = '';
    for (;;) {
      const r = await opts.poll();
      if (r.state !== last) {
        this.ctx.logger.info(`${opts.what}: ${r.state}`);
        last = r.state;
      }
      if (r.failed) throw new Error(`${opts.what} ${r.failed}`);
      if (r.done) return r.value as T;
      if (this.ctx.signal?.aborted) {
        throw new Error(`cancelled while waiting for ${opts.what}`);
      }
      if (Date.now() + this.deps.config.pollIntervalMs > deadline) {
        throw new Error(
          `${opts.what} did not become ready within ${
            opts.timeoutSeconds
          } s; last state: ${last || 'unknown'}${
            opts.hint ? `. ${opts.hint}` : ''
          }`,
        );
      }
      await sleep(this.deps.config.pollIntervalMs, this.ctx.signal);
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** `a, b (x), c` lists for messages that name what the account has. */
export function listOr(items: string[], none = 'none'): string {
  return items.length ? items.join(', ') : none;
}

/** An `ack-one:*` template action (every one supports dry runs). */
export function createAckOneAction<I extends SchemaFn, O extends SchemaFn>(
  deps: AckOneActionDeps,
  spec: AckOneActionSpec<I, O>,
): TemplateAction<any, any, any> {
  return createTemplateAction({
    id: spec.id,
    description: spec.description,
    examples: spec.examples,
    supportsDryRun: true,
    schema: { input: spec.input, output: spec.output },
    handler: ctx => spec.run(new ActionRun(spec.id, ctx, deps), ctx),
  });
}
