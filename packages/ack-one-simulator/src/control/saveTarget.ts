import fs from 'node:fs';
import path from 'node:path';
import { ControlError } from './guard';

/** Files of the running simulator itself that `/save` never overwrites. */
const RESERVED = new Set(['simulator.json', 'kubeconfig']);

function isInside(root: string, p: string) {
  const rel = path.relative(root, p);
  return !!rel && !rel.startsWith('..') && !path.isAbsolute(rel);
}

function outside(stateDir: string) {
  return new ControlError(
    400,
    `/save only writes inside the simulator's state folder (${stateDir}): ` +
      'give a file path relative to it, such as "drills/before.json", that ' +
      'stays inside it (no "..", no absolute path elsewhere, no symbolic ' +
      'link out of it)',
  );
}

/** The nearest folder of `dir` or its parents that exists, resolved. */
async function realExistingAncestor(dir: string): Promise<string> {
  for (let d = dir; ; d = path.dirname(d)) {
    try {
      return await fs.promises.realpath(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      if (path.dirname(d) === d) throw e;
    }
  }
}

/**
 * Resolves the file `requested` names for `/save`, confined to the state
 * folder: relative to it, inside it after resolving `..` and symbolic links
 * (the parent folder's real path is checked, before and after creating it),
 * not one of the simulator's own state files, and not a symbolic link itself.
 * Missing folders on the way are created (0700). Returns the path to write.
 */
export async function resolveSaveTarget(
  stateDir: string,
  requested: unknown,
): Promise<string> {
  if (typeof requested !== 'string' || !requested.trim())
    throw new ControlError(
      400,
      'path is required: a file inside the state folder, such as "drills/before.json"',
    );
  const root = path.resolve(stateDir);
  const target = path.resolve(root, requested);
  if (requested.includes('\0') || !isInside(root, target)) throw outside(root);
  const rel = path.relative(root, target);
  if (RESERVED.has(rel))
    throw new ControlError(
      400,
      `${rel} is one of the simulator's own state files; save under another name`,
    );
  const realRoot = await fs.promises.realpath(root);
  const parent = path.dirname(target);
  const inRoot = (p: string) => p === realRoot || isInside(realRoot, p);
  if (!inRoot(await realExistingAncestor(parent))) throw outside(root);
  await fs.promises.mkdir(parent, { recursive: true, mode: 0o700 });
  const realParent = await fs.promises.realpath(parent);
  if (!inRoot(realParent)) throw outside(root);
  const file = path.join(realParent, path.basename(target));
  const st = await fs.promises.lstat(file).catch(() => undefined);
  if (st && !st.isFile())
    throw new ControlError(
      400,
      `${rel} exists and is not a regular file (a symbolic link or a folder); save under another name`,
    );
  return file;
}
