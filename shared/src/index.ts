export * from './enums';
export * from './error-codes';
export * from './case-transitions';
export * from './case-state-machine';
export * from './sla';
export * from './labels';
export * from './api-types';
export * from './rounding';
