export * from './citizen-id.js';
export * from './credit-code.js';
export * from './certificate-id.js';
export * from './region-codes.js';
export * from './region-codes.data.js';
