export { DrOverviewPage } from './DrOverviewPage';
export type { DrOverviewPageProps } from './DrOverviewPage';
export { DrStateChip } from './DrStateChip';
