export { DrSystemCard } from './DrSystemCard';
