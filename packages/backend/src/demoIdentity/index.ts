export { demoIdentityModule as default } from './module';
