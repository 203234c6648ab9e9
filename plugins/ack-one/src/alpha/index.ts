export {
  ackOneKubernetesAuthProvidersApi,
  kubernetesModuleAckOneAuthProvider,
} from './kubernetesAuthProviders';
