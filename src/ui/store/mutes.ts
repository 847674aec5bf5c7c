// Whether a mute rule covers an alert: same rule and every listed output field equal (as text).

import type { RouterAlert } from '../../router/alert.js';
import { fieldText } from './alertRow.js';
import type { MuteRule } from './types.js';

export function muteMatches(mute: Pick<MuteRule, 'rule' | 'fields'>, alert: RouterAlert): boolean {
  if (mute.rule !== alert.rule) return false;
  for (const [k, v] of Object.entries(mute.fields)) {
    const have = alert.output_fields[k];
    if (have === undefined || fieldText(have) !== v) return false;
  }
  return true;
}

export function firstMute(mutes: readonly MuteRule[], alert: RouterAlert): number | null {
  for (const m of mutes) if (muteMatches(m, alert)) return m.id;
  return null;
}
