export { permissionModuleAckOnePolicy as default } from './module';
