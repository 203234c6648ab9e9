/**
 * Kubernetes backend module: ACK One member clusters (IDC registered and
 * ACK) and Fleets as Kubernetes clusters, with credentials fetched from
 * ACK One on the backend.
 *
 * @packageDocumentation
 */
export { kubernetesModuleAckOneClusterSupplier as default } from './module';
