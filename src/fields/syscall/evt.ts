// `evt.*` and `syscall.*` fields specific to system call events (libsinsp's syscall event class).

import type { FieldClass } from '../types.js';
import { field, REQUIRED_DOTTED_INDEX_OR_KEY, REQUIRED_DOTTED_KEY, REQUIRED_INDEX } from './define.js';

const DEPRECATED = { deprecated: true } as const;
const HIDDEN = { hidden: true } as const;

export const EVT_SYSCALL_CLASS: FieldClass = {
  name: 'evt',
  source: 'syscall',
  shortDesc: 'Syscall events only',
  desc:
    'Fields describing a system call event. The parameters of each event can be read one by one through ' +
    'evt.arg (e.g. evt.arg.fd).',
  fields: [
    field('evt.latency', 'RELTIME', 'Time between the enter and exit events of a call, in nanoseconds.', DEPRECATED),
    field('evt.latency.s', 'RELTIME', 'Whole seconds of the enter-to-exit latency.', DEPRECATED),
    field('evt.latency.ns', 'RELTIME', 'Nanoseconds past the whole second of the enter-to-exit latency.', DEPRECATED),
    field('evt.latency.quantized', 'UINT64', 'Base-10 logarithm of the enter-to-exit latency.', {
      deprecated: true,
      hidden: true,
    }),
    field('evt.latency.human', 'CHARBUF', 'Enter-to-exit latency written for people, such as 10.3ms.', DEPRECATED),
    field('evt.deltatime', 'RELTIME', 'Nanoseconds elapsed since the previous event.'),
    field('evt.deltatime.s', 'RELTIME', 'Whole seconds elapsed since the previous event.'),
    field('evt.deltatime.ns', 'RELTIME', 'Nanoseconds past the whole second elapsed since the previous event.'),
    field('evt.outputtime', 'CHARBUF', 'Event time in the format chosen for output (by default like evt.time).', {
      printOnly: true,
    }),
    field('evt.dir', 'CHARBUF', "Direction of the event: '>' when a call is entered, '<' when it returns.", DEPRECATED),
    field('evt.type', 'CHARBUF', 'Name of the event, such as open or execve.'),
    field(
      'evt.type.is',
      'UINT32',
      'Takes an event name or number after a dot (evt.type.is.open) and yields 1 when the event has that type, ' +
        '0 otherwise.',
      { arg: REQUIRED_DOTTED_INDEX_OR_KEY },
    ),
    field(
      'syscall.type',
      'CHARBUF',
      'Name of the system call behind the event; empty for events that are not system calls, such as ' +
        'scheduler switches or internal events.',
    ),
    field('evt.category', 'CHARBUF', 'Broad category of the event, for example file, net, memory or process.'),
    field('evt.cpu', 'INT16', 'Number of the processor on which the event was captured.'),
    field('evt.args', 'CHARBUF', 'All parameters of the event rendered together as one string.'),
    field(
      'evt.arg',
      'CHARBUF',
      'A single event parameter, chosen by name (evt.arg.fd) or by position (evt.arg[0]) and rendered as text; ' +
        'descriptors, return codes and flags are turned into readable forms where possible.',
      { arg: REQUIRED_DOTTED_INDEX_OR_KEY },
    ),
    field(
      'evt.rawarg',
      'DYNAMIC',
      'A single event parameter chosen by name (evt.rawarg.res) and kept in its native type, which makes ' +
        'numeric comparisons possible.',
      { arg: REQUIRED_DOTTED_KEY, noRhs: true, noTransformer: true },
    ),
    field('evt.info', 'CHARBUF', 'Same text as evt.args.'),
    field(
      'evt.buffer',
      'BYTEBUF',
      'Data buffer carried by I/O events such as read or recvfrom; useful with contains to search transferred data.',
    ),
    field('evt.buflen', 'UINT64', 'Size of the data buffer carried by I/O events.'),
    field('evt.res', 'CHARBUF', "Outcome of the call as text: 'SUCCESS', or the error name (such as ENOENT)."),
    field('evt.rawres', 'INT64', 'Return value of the call as a number (negative on error), handy for comparisons.'),
    field('evt.failed', 'BOOL', 'Whether the call returned an error.'),
    field('evt.is_io', 'BOOL', 'Whether the event reads from or writes to a file descriptor.'),
    field('evt.is_io_read', 'BOOL', 'Whether the event reads from a file descriptor.'),
    field('evt.is_io_write', 'BOOL', 'Whether the event writes to a file descriptor.'),
    field('evt.io_dir', 'CHARBUF', "'r' for events reading from a descriptor, 'w' for events writing to one."),
    field('evt.is_wait', 'BOOL', 'Whether the call puts the thread to wait, as sleep, select or poll do.'),
    field('evt.wait_latency', 'RELTIME', 'Nanoseconds a waiting call spent blocked before returning.', DEPRECATED),
    field('evt.is_syslog', 'BOOL', 'Whether the event writes to /dev/log.'),
    field('evt.count', 'UINT32', 'Constant 1, for counting events.'),
    field('evt.count.error', 'UINT32', '1 when the call failed, for counting failures.'),
    field('evt.count.error.file', 'UINT32', '1 when a file-related call failed.'),
    field('evt.count.error.net', 'UINT32', '1 when a network-related call failed.'),
    field('evt.count.error.memory', 'UINT32', '1 when a memory-related call failed.'),
    field('evt.count.error.other', 'UINT32', '1 when a call outside the file, network and memory groups failed.'),
    field('evt.count.exit', 'UINT32', '1 for exit events.'),
    field('evt.count.procinfo', 'UINT32', '1 for process information events of main threads.', HIDDEN),
    field('evt.count.threadinfo', 'UINT32', '1 for process information events of any thread.', HIDDEN),
    field(
      'evt.around',
      'UINT64',
      'Selects events close to a moment: evt.around[T]=D keeps events within D milliseconds of the ' +
        'evt.rawtime value T.',
      { arg: REQUIRED_INDEX, filterOnly: true, noRhs: true, noTransformer: true },
    ),
    field(
      'evt.abspath',
      'CHARBUF',
      'Absolute path built from a directory descriptor and a relative path, for calls such as renameat; ' +
        'evt.abspath.src and evt.abspath.dst pick the source or destination of two-path calls.',
      { arg: { required: true, index: false, key: true, dotted: true } },
    ),
    field('evt.buflen.in', 'UINT64', 'Buffer size of input I/O events only.', HIDDEN),
    field('evt.buflen.out', 'UINT64', 'Buffer size of output I/O events only.', HIDDEN),
    field('evt.buflen.file', 'UINT64', 'Buffer size of file I/O events only.', HIDDEN),
    field('evt.buflen.file.in', 'UINT64', 'Buffer size of file reads only.', HIDDEN),
    field('evt.buflen.file.out', 'UINT64', 'Buffer size of file writes only.', HIDDEN),
    field('evt.buflen.net', 'UINT64', 'Buffer size of network I/O events only.', HIDDEN),
    field('evt.buflen.net.in', 'UINT64', 'Buffer size of network receives only.', HIDDEN),
    field('evt.buflen.net.out', 'UINT64', 'Buffer size of network sends only.', HIDDEN),
    field('evt.is_open_read', 'BOOL', 'Whether an open-family call (open, openat, openat2, ...) opened for reading.'),
    field('evt.is_open_write', 'BOOL', 'Whether an open-family call opened the path for writing.'),
    field('evt.infra.docker.name', 'CHARBUF', 'Name of a Docker infrastructure event.', HIDDEN),
    field('evt.infra.docker.container.id', 'CHARBUF', 'Container id a Docker infrastructure event refers to.', HIDDEN),
    field('evt.infra.docker.container.name', 'CHARBUF', 'Container name of a Docker infrastructure event.', HIDDEN),
    field('evt.infra.docker.container.image', 'CHARBUF', 'Image of a Docker infrastructure event.', HIDDEN),
    field('evt.is_open_exec', 'BOOL', 'Whether an open-family call or creat created a file with execute permission.'),
    field('evt.is_open_create', 'BOOL', 'Whether an open-family call created the file.'),
  ],
};
