export * from './limits';
export * from './errors';
export * from './lifecycle';
export * from './model';
export * from './schemas';
export * from './events';
export * from './commerce';
export * from './kb';
