export { DrOverviewPage } from './DrOverviewPage';
export type { DrOverviewPageProps } from './DrOverviewPage';
