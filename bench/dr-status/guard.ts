/**
 * Runs a benchmark that starts a simulator and a backend child process in a
 * temporary folder, and always cleans up: a watchdog stops a run that hangs,
 * SIGINT/SIGTERM stop the backend, a failure prints the end of the backend
 * log, and the folder, backend and simulator go whatever happens.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Simulator } from '@internal/ack-one-simulator';
import type { Backend } from './backend-process';
import { log, WATCHDOG_MS } from './config';

export type BenchRun = (
  dir: string,
  onSim: (s: Simulator) => void,
  onBackend: (b: Backend) => void,
) => Promise<number>;

function printLogTail(backend: Backend | undefined) {
  if (!backend || !fs.existsSync(backend.logPath)) return;
  const tail = fs.readFileSync(backend.logPath, 'utf8').split('\n').slice(-40);
  // eslint-disable-next-line no-console
  console.error(`--- backend log (last 40 lines) ---\n${tail.join('\n')}`);
}

/** Runs `run` with the guards above; resolves to its exit code. */
export async function guardedRun(prefix: string, run: BenchRun) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  let sim: Simulator | undefined;
  let backend: Backend | undefined;
  const watchdog = setTimeout(async () => {
    log(`watchdog: still running after ${WATCHDOG_MS / 60000} min; stopping`);
    await backend?.stop();
    process.exit(3);
  }, WATCHDOG_MS);
  const onSignal = async () => {
    await backend?.stop();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await run(
      dir,
      s => {
        sim = s;
      },
      b => {
        backend = b;
      },
    );
  } catch (e) {
    printLogTail(backend);
    throw e;
  } finally {
    clearTimeout(watchdog);
    await backend?.stop();
    await sim?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Exits with the run's code; 2 on a crash. */
export function exitWith(run: Promise<number>) {
  run.then(
    code => process.exit(code),
    e => {
      // eslint-disable-next-line no-console
      console.error(e);
      process.exit(2);
    },
  );
}
