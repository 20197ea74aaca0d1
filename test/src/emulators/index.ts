export * from './kommo';
export * from './heap';
