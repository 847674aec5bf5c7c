// Fields of Falco's json plugin (version 0.7), usable on any event whose payload is JSON, plus the
// `jevt.time*` fields that Falco's engine offered for JSON events before the plugin system; the
// latter are kept for old rules and hidden from listings (flagged deprecated).

import type { FieldArgSpec, FieldClass } from '../types.js';

const POINTER: FieldArgSpec = { required: true, index: false, key: true };

export const JSON_FIELD_CLASS: FieldClass = {
  name: 'json',
  source: 'k8s_audit',
  plugin: 'json',
  desc: 'Values read from the JSON payload of an event, as provided by the json plugin.',
  fields: [
    {
      name: 'json.value',
      type: 'CHARBUF',
      desc: 'The value at a JSON pointer (RFC 6901) inside the payload, e.g. json.value[/user/username]; objects and arrays come back as JSON text.',
      arg: POINTER,
    },
    { name: 'json.obj', type: 'CHARBUF', desc: 'The whole payload as indented JSON text.' },
    { name: 'json.rawtime', type: 'CHARBUF', desc: 'The event time in nanoseconds since the epoch, as text.' },
    { name: 'jevt.value', type: 'CHARBUF', desc: 'Older name of json.value.', arg: POINTER },
    { name: 'jevt.obj', type: 'CHARBUF', desc: 'Older name of json.obj.' },
    { name: 'jevt.rawtime', type: 'CHARBUF', desc: 'Older name of json.rawtime.' },
  ],
};

export const JEVT_LEGACY_FIELD_CLASS: FieldClass = {
  name: 'jevt',
  source: 'k8s_audit',
  desc: 'Time fields of JSON events from before the json plugin, kept so old rules keep working.',
  fields: [
    {
      name: 'jevt.time',
      type: 'CHARBUF',
      desc: 'The event time of day in local time, with nanoseconds (HH:MM:SS.nnnnnnnnn).',
      deprecated: true,
    },
    {
      name: 'jevt.time.iso8601',
      type: 'CHARBUF',
      desc: 'The event time in ISO 8601 form, UTC, with nanoseconds (YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ).',
      deprecated: true,
    },
  ],
};
