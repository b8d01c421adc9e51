import type { Resource } from '../core/resource.js';
// secure-api:resource-imports

/** Every resource of the API. `npm run gen` adds new ones at the markers. */
export const resources: readonly Resource[] = [
  // secure-api:resource-list
];
