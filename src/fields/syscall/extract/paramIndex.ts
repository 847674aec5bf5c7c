// Finding an event parameter by name, once per event type: the index is looked up in the table
// the first time an event of a type is seen and kept in a small array after that.

import { PPM_EVENT_MAX } from '../../../events/eventTable.js';
import type { ScapEvent } from '../../../events/scapEvent.js';

const UNSEEN = -2;

export class ParamIndex {
  private readonly byType = new Int16Array(PPM_EVENT_MAX).fill(UNSEEN);

  constructor(readonly name: string) {}

  /** Index of the parameter in this event, or -1 when its type has none of that name. */
  of(evt: ScapEvent): number {
    const type = evt.type;
    if (type >= PPM_EVENT_MAX) return evt.paramIndex(this.name);
    let i = this.byType[type];
    if (i === UNSEEN) {
      i = evt.paramIndex(this.name);
      this.byType[type] = i;
    }
    return i;
  }
}
