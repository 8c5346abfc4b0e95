/** The NewPay core: signing and verification (pure), keys, notifications, and the HTTP client. */
export * from './canonical';
export * from './codes';
export * from './errors';
export * from './exactJson';
export * from './fields';
export * from './keys';
export * from './notification';
export * from './signature';
export * from './client';
