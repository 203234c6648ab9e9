import type { ControllerContext } from './index';
import { NODES } from './util';

/** Kubelets run the cluster's version: `status.nodeInfo.kubeletVersion` follows it. */
export function reconcileNode(ctx: ControllerContext, name: string) {
  const version = ctx.opts.kubernetesVersion?.();
  if (!version) return;
  const node = ctx.api.store.get(NODES, undefined, name);
  if (!node) return;
  const v = `v${version}`;
  const info = node.status?.nodeInfo ?? {};
  if (info.kubeletVersion === v) return;
  ctx.api.setStatus(node, {
    ...(node.status ?? {}),
    nodeInfo: { ...info, kubeletVersion: v },
  });
}
