export * from './settings';
export * from './sync';
export * from './widget-api';
