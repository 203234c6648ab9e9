/**
 * Scaffolder actions and templates that build same-city hybrid DR on
 * Alibaba Cloud ACK One from the Backstage Create page.
 *
 * @packageDocumentation
 */
export { scaffolderModuleAckOne as default } from './module';
