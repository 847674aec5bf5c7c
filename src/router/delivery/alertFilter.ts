// A destination's `filter`: a Kestrel condition compiled once over the alert's fields.

import { compileCondition, parseCondition } from '../../condition/index.js';
import type { RouterAlert } from '../alert.js';
import { AlertFieldSource } from './alertFields.js';

export type AlertFilter = (alert: RouterAlert) => boolean;

const SOURCE = new AlertFieldSource();

/** Throws with the parser's or compiler's message when the condition is not valid. */
export function compileAlertFilter(condition: string): AlertFilter {
  return compileCondition(parseCondition(condition), SOURCE);
}
