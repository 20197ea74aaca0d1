export * from './backfill';
export * from './segments';
export * from './settings';
export * from './sync';
export * from './widget-api';
