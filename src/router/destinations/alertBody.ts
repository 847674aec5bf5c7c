// The JSON of one delivered alert: Falco's payload as received (with the router's uuid), plus
// `count` when dedup folded several identical alerts into this one.

import type { Delivery } from './destination.js';

export function alertBody(delivery: Delivery): string {
  return JSON.stringify(delivery.count > 1 ? { ...delivery.alert, count: delivery.count } : delivery.alert);
}
