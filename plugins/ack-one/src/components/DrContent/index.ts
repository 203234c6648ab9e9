export { DrContent } from './DrContent';
export type { DrContentProps } from './DrContent';
