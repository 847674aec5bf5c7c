// Whether a destination wants an alert: its priority is at least minimumpriority and its
// filter (if any) matches.

import type { RouterAlert } from '../alert.js';
import type { DeliveryPolicy } from '../config/routerConfig.js';
import { priorityRank } from '../priority.js';

export function wantsAlert(policy: DeliveryPolicy, alert: RouterAlert): boolean {
  const rank = priorityRank(alert.priority) ?? 7;
  if (rank > policy.minimumPriorityRank) return false;
  return policy.filter === undefined || policy.filter(alert);
}
