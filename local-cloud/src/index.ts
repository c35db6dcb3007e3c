export { startLocalCloud } from './server';
export type { LocalCloud, LocalCloudOptions } from './server';
export type { CollectionSpec } from './store';
export type { IndexSpec } from './indexes';
