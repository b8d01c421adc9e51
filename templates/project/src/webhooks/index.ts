import type { Webhook } from '../core/webhooks/webhook.js';
// secure-api:webhook-imports

/** Every webhook receiver of the API. `npm run gen webhook` adds new ones at the markers. */
export const webhooks: readonly Webhook[] = [
  // secure-api:webhook-list
];
