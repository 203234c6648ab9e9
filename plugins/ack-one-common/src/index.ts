export * from './gateway';
export * from './catalog';
