type KubernetesClientModule = typeof import('@kubernetes/client-node');

let loaded: Promise<KubernetesClientModule> | undefined;

/**
 * Loads `@kubernetes/client-node` 1.x, which is ESM-only, on first use.
 *
 * `require` comes first: Node 22.12+/24 load ESM with it (client-node has no
 * top-level await), and under jest the Backstage SWC transform turns the
 * package into CommonJS, while a native dynamic `import()` would need
 * `--experimental-vm-modules` there. A dynamic import is the fallback for
 * runtimes without require(esm).
 *
 * @public
 */
export function loadKubernetesClient(): Promise<
  typeof import('@kubernetes/client-node')
> {
  loaded ??= (async () => {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return require('@kubernetes/client-node') as KubernetesClientModule;
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code !== 'ERR_REQUIRE_ESM' && code !== 'ERR_REQUIRE_ASYNC_MODULE') {
        throw e;
      }
      return import('@kubernetes/client-node');
    }
  })();
  return loaded;
}
