import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import { repoRoot, startSimulator } from './world/simulator';

const USAGE = `ack-one-simulator <command>

  start [--world demo|empty|<file>] [--host 127.0.0.1] [--cloud-port N] [--gateway-port N]
        [--control-port N] [--state-dir DIR] [--pod-ready-delay MS] [--verbose]
        [--timing fast|realistic] [--time-scale F]
      Starts a simulated ACK One world and stays up until SIGINT/SIGTERM.
      --timing realistic makes cloud resources take as long as the real product
      (minutes for a cluster, tens of seconds for BGP), times --time-scale.

Commands for a running simulator (found through <state-dir>/simulator.json, or --control URL;
they send its control token: --token, else ACK_ONE_SIMULATOR_TOKEN, else the one in that file):
  state
  fault offline <cluster> [--mode refuse|503]     take a cluster's API server offline
  fault online <cluster>
  fault latency <cluster> <ms>
  fault pods-unready <cluster> [--namespace NS]   make a cluster's pods unready
  fault pods-ready <cluster> [--namespace NS]
  fault cloud-fail <n> [--status 503] [--code ServiceUnavailable]
  fault cloud-throttle <n>
  fault cloud-latency <ms>
  fault fail-creation <kind> [--message TEXT] [--count N]
                                                  the next creation(s) of a kind end failed
                                                  (cluster, fleet, vbr, bgp-group, bgp-peer,
                                                  route-entry, cen, transit-router,
                                                  tr-route-table, tr-attachment)
  fault provisioning <kind> <seconds|default>     transitions of a kind take that long
  fault bgp-flap [<bgp peer|group|VBR id>] [--down-seconds N]
                                                  reset Established BGP sessions
  scale <cluster> <namespace>/<deployment> <replicas>
  reset
  save <file>                                     save the world into the state folder
                                                  (<file> is relative to it and stays inside it)

<cluster> is idc, ack, fleet, a cluster id or a cluster name.`;

interface Parsed {
  args: string[];
  flags: Record<string, string | true>;
}

function parse(argv: string[]): Parsed {
  const args: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const [k, v] = a.slice(2).split('=', 2);
      if (v !== undefined) flags[k] = v;
      else if (i + 1 < argv.length && !argv[i + 1].startsWith('--'))
        flags[k] = argv[++i];
      else flags[k] = true;
    } else args.push(a);
  }
  return { args, flags };
}

function num(v: string | true | undefined): number | undefined {
  if (v === undefined || v === true) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`not a number: ${v}`);
  return n;
}

function timingFlag(v: string | true | undefined) {
  if (v === undefined) return undefined;
  if (v !== 'fast' && v !== 'realistic')
    throw new Error(`--timing must be fast or realistic, not ${v}`);
  return v;
}

interface ControlTarget {
  base: string;
  token: string;
}

/**
 * The running simulator's control URL and token: from --control / --token,
 * ACK_ONE_SIMULATOR_TOKEN, or the simulator.json in the state folder.
 */
function controlTarget(flags: Parsed['flags']): ControlTarget {
  const dir =
    typeof flags['state-dir'] === 'string'
      ? flags['state-dir']
      : path.join(repoRoot(), '.simulator');
  const f = path.join(dir, 'simulator.json');
  const info = fs.existsSync(f)
    ? JSON.parse(fs.readFileSync(f, 'utf8'))
    : undefined;
  const base =
    typeof flags.control === 'string'
      ? flags.control
      : info?.endpoints?.control;
  if (!base)
    throw new Error(
      `no running simulator found (${f} is missing); pass --control <url>`,
    );
  const token =
    (typeof flags.token === 'string' ? flags.token : undefined) ??
    (process.env.ACK_ONE_SIMULATOR_TOKEN || undefined) ??
    info?.controlToken;
  if (typeof token !== 'string' || !token)
    throw new Error(
      `no control token (${f} is missing or has none): set ` +
        'ACK_ONE_SIMULATOR_TOKEN to the controlToken in the running ' +
        "simulator's simulator.json",
    );
  return { base, token };
}

function call(
  { base, token }: ControlTarget,
  method: string,
  p: string,
  body?: unknown,
): Promise<any> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      `${base}${p}`,
      {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(data
            ? {
                'Content-Type': 'application/json',
                'Content-Length': Buffer.byteLength(data),
              }
            : {}),
        },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: any;
          try {
            json = JSON.parse(text);
          } catch {
            json = { raw: text };
          }
          if ((res.statusCode ?? 500) >= 400)
            reject(new Error(json.error ?? text));
          else resolve(json);
        });
      },
    );
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

/** `fault fail-creation | provisioning | bgp-flap`. */
function lifecycleFault(
  ctl: ControlTarget,
  what: string,
  args: string[],
  flags: Parsed['flags'],
) {
  const [first, second] = args;
  if (what === 'bgp-flap')
    return call(ctl, 'POST', '/faults/cloud/bgp-flap', {
      target: first,
      downSeconds: num(flags['down-seconds']),
    });
  if (!first)
    throw new Error(
      what === 'provisioning'
        ? 'usage: fault provisioning <kind> <seconds|default>'
        : 'usage: fault fail-creation <kind> [--message TEXT] [--count N]',
    );
  if (what === 'fail-creation')
    return call(ctl, 'POST', '/faults/cloud/creation', {
      kind: first,
      message: typeof flags.message === 'string' ? flags.message : undefined,
      count: num(flags.count),
    });
  if (second === undefined)
    throw new Error('usage: fault provisioning <kind> <seconds|default>');
  return call(ctl, 'POST', '/faults/cloud/provisioning', {
    kind: first,
    seconds: second === 'default' ? null : num(second),
  });
}

/** `start`: runs a world until SIGINT/SIGTERM. */
async function startCommand(flags: Parsed['flags']): Promise<number> {
  const verbose = !!flags.verbose;
  const sim = await startSimulator({
    world: typeof flags.world === 'string' ? flags.world : 'demo',
    host: typeof flags.host === 'string' ? flags.host : undefined,
    cloudPort: num(flags['cloud-port'] ?? flags.port),
    gatewayPort: num(flags['gateway-port']),
    controlPort: num(flags['control-port']),
    stateDir:
      typeof flags['state-dir'] === 'string' ? flags['state-dir'] : undefined,
    podReadyDelayMs: num(flags['pod-ready-delay']),
    timing: timingFlag(flags.timing),
    timeScale: num(flags['time-scale']),
    logger: verbose
      ? {
          info: m => process.stderr.write(`[sim] ${m}\n`),
          warn: m => process.stderr.write(`[sim] WARN ${m}\n`),
        }
      : {
          info: () => {},
          warn: m => process.stderr.write(`[sim] WARN ${m}\n`),
        },
  });
  const lines = [
    'ACK One simulator is running.',
    `  Alibaba Cloud OpenAPI endpoint: ${sim.endpoints.openApi}`,
    `  Gateway (MSE Ingress) data plane: ${sim.endpoints.gateway}`,
    `  Control API: ${sim.endpoints.control}  (bearer token in ${path.join(
      path.dirname(sim.kubeconfigPath),
      'simulator.json',
    )})`,
    '  Kubernetes API servers:',
    ...Object.entries(sim.endpoints.clusters).map(
      ([n, c]) =>
        `    ${n.padEnd(6)} ${c.server}${
          c.clusterId ? `  (${c.clusterId})` : '  (not registered)'
        }`,
    ),
    `  kubeconfig: ${sim.kubeconfigPath}  (contexts: ${Object.keys(
      sim.endpoints.clusters,
    ).join(', ')})`,
    `  AccessKey ID: ${sim.accessKey.accessKeyId}`,
    `  AccessKey secret: ${sim.accessKey.accessKeySecret}`,
    '',
    `  try: kubectl --kubeconfig ${sim.kubeconfigPath} --context idc get deployments -A`,
    `       curl -H 'Host: example.com' ${sim.endpoints.gateway}/svc1`,
    'Press Ctrl+C to stop.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  await new Promise<void>(resolve => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await sim.stop();
  return 0;
}

/** `fault …` against a running simulator. */
async function faultCommand(
  ctl: ControlTarget,
  rest: string[],
  flags: Parsed['flags'],
  out: (v: unknown) => void,
): Promise<number> {
  const [what, a1] = rest;
  const ns = typeof flags.namespace === 'string' ? flags.namespace : undefined;
  const c = encodeURIComponent(a1 ?? '');
  switch (what) {
    case 'offline':
      out(
        await call(ctl, 'POST', `/faults/clusters/${c}/offline`, {
          mode: typeof flags.mode === 'string' ? flags.mode : 'refuse',
        }),
      );
      return 0;
    case 'online':
      out(await call(ctl, 'POST', `/faults/clusters/${c}/online`, {}));
      return 0;
    case 'latency':
      out(
        await call(ctl, 'POST', `/faults/clusters/${c}/latency`, {
          ms: Number(rest[2]),
        }),
      );
      return 0;
    case 'pods-unready':
    case 'pods-ready':
      out(
        await call(ctl, 'POST', `/faults/clusters/${c}/pods`, {
          ready: what === 'pods-ready',
          namespace: ns,
        }),
      );
      return 0;
    case 'cloud-fail':
      out(
        await call(ctl, 'POST', '/faults/cloud', {
          fail: Number(a1),
          status: num(flags.status),
          code: typeof flags.code === 'string' ? flags.code : undefined,
        }),
      );
      return 0;
    case 'cloud-throttle':
      out(
        await call(ctl, 'POST', '/faults/cloud', {
          throttle: Number(a1),
        }),
      );
      return 0;
    case 'cloud-latency':
      out(
        await call(ctl, 'POST', '/faults/cloud', {
          latencyMs: Number(a1),
        }),
      );
      return 0;
    case 'fail-creation':
    case 'provisioning':
    case 'bgp-flap':
      out(await lifecycleFault(ctl, what, rest.slice(1), flags));
      return 0;
    default:
      throw new Error(`unknown fault "${what}"\n\n${USAGE}`);
  }
}

export async function main(argv: string[]): Promise<number> {
  const { args, flags } = parse(argv);
  const [cmd, ...rest] = args;
  if (!cmd || flags.help || cmd === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return cmd ? 0 : 1;
  }
  if (cmd === 'start') return startCommand(flags);
  const ctl = controlTarget(flags);
  const out = (v: unknown) =>
    process.stdout.write(`${JSON.stringify(v, null, 2)}\n`);
  switch (cmd) {
    case 'state':
      out(await call(ctl, 'GET', '/state'));
      return 0;
    case 'reset':
      out(await call(ctl, 'POST', '/reset', {}));
      return 0;
    case 'save': {
      if (!rest[0])
        throw new Error('usage: save <file>  (relative to the state folder)');
      out(await call(ctl, 'POST', '/save', { path: rest[0] }));
      return 0;
    }
    case 'scale': {
      const [cluster, target, replicas] = rest;
      const [ns, name] = (target ?? '').split('/');
      if (!cluster || !ns || !name || replicas === undefined)
        throw new Error(
          'usage: scale <cluster> <namespace>/<deployment> <replicas>',
        );
      out(
        await call(ctl, 'POST', '/scale', {
          cluster,
          namespace: ns,
          name,
          replicas: Number(replicas),
        }),
      );
      return 0;
    }
    case 'fault':
      return faultCommand(ctl, rest, flags, out);
    default:
      throw new Error(`unknown command "${cmd}"\n\n${USAGE}`);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    code => process.exit(code),
    e => {
      process.stderr.write(`error: ${(e as Error).message}\n`);
      process.exit(1);
    },
  );
}
