// `fd.*` fields: the file descriptor a syscall event operates on, files and sockets alike.

import type { FieldClass } from '../types.js';
import type { FieldOptions } from './define.js';
import { field, OPTIONAL_INDEX } from './define.js';

/** Matches either endpoint of a connection; it has no single value to print or compare with val(). */
const EITHER_ENDPOINT: FieldOptions = { filterOnly: true, noRhs: true, noTransformer: true };
/** DNS lookups of an address are compared in a custom way. */
const RESOLVED_NAME: FieldOptions = { noRhs: true, noTransformer: true };

export const FD_CLASS: FieldClass = {
  name: 'fd',
  source: 'syscall',
  desc: 'Fields about the file descriptor an event uses, set for every system call that takes or returns one.',
  fields: [
    field('fd.num', 'INT64', 'Number of the file descriptor.'),
    field(
      'fd.type',
      'CHARBUF',
      "Kind of descriptor: 'file', 'directory', 'ipv4', 'ipv6', 'unix', 'pipe', 'event', 'signalfd', " +
        "'eventpoll', 'inotify', 'memfd' and a few more.",
    ),
    field(
      'fd.typechar',
      'CHARBUF',
      'Kind of descriptor as one character: f file, 4 IPv4 socket, 6 IPv6 socket, u unix socket, p pipe, ' +
        'e eventfd, s signalfd, l eventpoll, i inotify, b bpf, r io_uring, m memfd, o anything else.',
    ),
    field(
      'fd.name',
      'CHARBUF',
      'Full name of the descriptor: the absolute path for files, the connection tuple for sockets.',
    ),
    field('fd.directory', 'CHARBUF', 'For files, the directory holding the file.'),
    field('fd.filename', 'CHARBUF', 'For files, the file name without its directory.'),
    field(
      'fd.ip',
      'IPADDR',
      'Matches when either the client or the server address equals the given one.',
      EITHER_ENDPOINT,
    ),
    field('fd.cip', 'IPADDR', 'Client IP address of the connection.'),
    field('fd.sip', 'IPADDR', 'Server IP address of the connection.'),
    field('fd.lip', 'IPADDR', 'Local IP address of the connection.'),
    field('fd.rip', 'IPADDR', 'Remote IP address of the connection.'),
    field(
      'fd.port',
      'PORT',
      'Matches when either the client or the server port equals the given one.',
      EITHER_ENDPOINT,
    ),
    field('fd.cport', 'PORT', 'Client port of a TCP or UDP connection.'),
    field('fd.sport', 'PORT', 'Server port of a TCP or UDP connection.'),
    field('fd.lport', 'PORT', 'Local port of a TCP or UDP connection.'),
    field('fd.rport', 'PORT', 'Remote port of a TCP or UDP connection.'),
    field('fd.l4proto', 'CHARBUF', "Transport protocol of a socket: 'tcp', 'udp', 'icmp' or 'raw'."),
    field('fd.sockfamily', 'CHARBUF', "Address family of a socket: 'ip' or 'unix'."),
    field('fd.is_server', 'BOOL', 'Whether the process holding the descriptor is the server side of the connection.'),
    field('fd.uid', 'CHARBUF', 'Identifier unique to this descriptor, combining its number with the thread id.'),
    field(
      'fd.containername',
      'CHARBUF',
      'Container id joined with the descriptor name, telling apart equal names in different containers.',
    ),
    field(
      'fd.containerdirectory',
      'CHARBUF',
      'Container id joined with the directory name, telling apart equal directories in different containers.',
    ),
    field(
      'fd.proto',
      'PORT',
      'Matches when the protocol of either the client or the server side equals the given one.',
      EITHER_ENDPOINT,
    ),
    field('fd.cproto', 'CHARBUF', 'Protocol name of the client side of a TCP or UDP connection.'),
    field('fd.sproto', 'CHARBUF', 'Protocol name of the server side of a TCP or UDP connection.'),
    field('fd.lproto', 'CHARBUF', 'Protocol name of the local side of a TCP or UDP connection.'),
    field('fd.rproto', 'CHARBUF', 'Protocol name of the remote side of a TCP or UDP connection.'),
    field(
      'fd.net',
      'IPNET',
      'Matches when the client or the server address lies in the given network (CIDR).',
      EITHER_ENDPOINT,
    ),
    field('fd.cnet', 'IPNET', 'Matches when the client address lies in the given network.', EITHER_ENDPOINT),
    field('fd.snet', 'IPNET', 'Matches when the server address lies in the given network.', EITHER_ENDPOINT),
    field('fd.lnet', 'IPNET', 'Matches when the local address lies in the given network.', EITHER_ENDPOINT),
    field('fd.rnet', 'IPNET', 'Matches when the remote address lies in the given network.', EITHER_ENDPOINT),
    field('fd.connected', 'BOOL', 'For TCP and UDP sockets, whether the socket is connected.'),
    field(
      'fd.name_changed',
      'BOOL',
      'Whether the event changed the name of the descriptor it uses, as happens when a UDP peer changes.',
    ),
    field('fd.cip.name', 'CHARBUF', 'DNS name of the client address.', RESOLVED_NAME),
    field('fd.sip.name', 'CHARBUF', 'DNS name of the server address.', RESOLVED_NAME),
    field('fd.lip.name', 'CHARBUF', 'DNS name of the local address.', RESOLVED_NAME),
    field('fd.rip.name', 'CHARBUF', 'DNS name of the remote address.', RESOLVED_NAME),
    field('fd.dev', 'INT32', 'Device number (major and minor) of the device holding the file.'),
    field('fd.dev.major', 'INT32', 'Major number of the device holding the file.'),
    field('fd.dev.minor', 'INT32', 'Minor number of the device holding the file.'),
    field('fd.ino', 'INT64', 'Inode number of the file.'),
    field(
      'fd.nameraw',
      'CHARBUF',
      'For files, the path exactly as the program passed it: not made absolute and only lightly cleaned.',
    ),
    field(
      'fd.types',
      'CHARBUF',
      'Kinds of all descriptors the process has open, without duplicates; fd.types[N] gives the kind of ' +
        'descriptor N as a one-element list.',
      { arg: OPTIONAL_INDEX, isList: true, noRhs: true },
    ),
    field('fd.is_upper_layer', 'BOOL', 'Whether the file lives in the writable upper layer of an overlay filesystem.'),
    field('fd.is_lower_layer', 'BOOL', 'Whether the file lives in a read-only lower layer of an overlay filesystem.'),
  ],
};
