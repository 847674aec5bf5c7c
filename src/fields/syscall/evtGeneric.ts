// `evt.*` fields every event has, whatever its source (libsinsp's generic event class).

import type { FieldClass } from '../types.js';
import { field } from './define.js';

export const EVT_GENERIC_CLASS: FieldClass = {
  name: 'evt',
  source: 'syscall',
  shortDesc: 'All event types',
  desc: 'Fields available on every event, including events produced by plugins.',
  fields: [
    field('evt.num', 'UINT64', 'Sequence number of the event within the stream.'),
    field('evt.time', 'CHARBUF', 'Time of the event as hours, minutes, seconds and nanoseconds.'),
    field('evt.time.s', 'CHARBUF', 'Time of the event as hours, minutes and seconds, without the nanoseconds.'),
    field('evt.time.iso8601', 'CHARBUF', 'Time of the event as an ISO 8601 UTC timestamp with nanosecond precision.'),
    field('evt.datetime', 'CHARBUF', 'Date and time of the event, nanoseconds included.'),
    field('evt.datetime.s', 'CHARBUF', 'Date and time of the event, whole seconds only.'),
    field('evt.rawtime', 'ABSTIME', 'Time of the event in nanoseconds since the Unix epoch.'),
    field('evt.rawtime.s', 'ABSTIME', 'Whole seconds since the Unix epoch at which the event occurred.'),
    field('evt.rawtime.ns', 'ABSTIME', 'Nanoseconds past the whole second of the event timestamp.'),
    field('evt.reltime', 'RELTIME', 'Nanoseconds elapsed between the first event of the capture and this one.'),
    field('evt.reltime.s', 'RELTIME', 'Whole seconds elapsed since the first event of the capture.'),
    field('evt.reltime.ns', 'RELTIME', 'Nanoseconds past the whole second of the time since the capture began.'),
    field('evt.pluginname', 'CHARBUF', 'Name of the loaded plugin that produced the event, for plugin event sources.'),
    field('evt.plugininfo', 'CHARBUF', 'One-line rendering of a plugin event, as the producing plugin formats it.'),
    field('evt.source', 'CHARBUF', 'Name of the event source the event belongs to (e.g. syscall).'),
    field('evt.is_async', 'BOOL', 'Whether the event was generated asynchronously rather than by a traced action.'),
    field('evt.asynctype', 'CHARBUF', 'For asynchronous events, what kind of notification it carries.'),
    field(
      'evt.hostname',
      'CHARBUF',
      'Host name of the machine producing events; an environment variable can override it, for instance to ' +
        'report the Kubernetes node name when running as a DaemonSet.',
    ),
  ],
};
