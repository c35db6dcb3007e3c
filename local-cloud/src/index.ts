export { startLocalCloud, readLockedBody } from './server';
export { AuthError, LocalAuth, consoleTokenOf, readCredentials, type LocalCredentials } from './auth';
export { Clock, formatOffset, parseOffset } from './clock';
export type { PoolLimits } from './functions';
export type { LocalCloud, LocalCloudOptions } from './server';
export type { CollectionSpec } from './store';
export type { IndexSpec } from './indexes';
export type { ConsolePersona } from './console';
