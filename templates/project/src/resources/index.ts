// secure-api:resource-imports

/** Every resource of the API. `npm run gen` adds new ones at the markers. */
export const resources = [
  // secure-api:resource-list
];
