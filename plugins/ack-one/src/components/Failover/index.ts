export { FailoverSection } from './FailoverSection';
export type { FailoverSectionProps } from './FailoverSection';
