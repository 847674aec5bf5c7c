// Socket fds: socket/connect tuples for IPv4, IPv6 and unix, bind, accept, socketpair and UDP
// tuple learning on sendto/recvfrom.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SystemState } from '../../src/state/systemState.js';
import { newThreadInfo } from '../../src/state/threadInfo.js';
import { ev, sock } from './helpers.js';

function state(): SystemState {
  const s = new SystemState();
  const t = newThreadInfo(300);
  t.comm = 'curl';
  t.cwd = '/';
  s.addThread(t);
  return s;
}

describe('socket state', () => {
  it('IPv4 TCP connect: tuple, name, client role', () => {
    const s = state();
    const so = ev('PPME_SOCKET_SOCKET_X', 300, 1n, { fd: 3, domain: 2, type: 1, proto: 0, flags: 0 });
    s.process(so);
    assert.equal(so.fdInfo?.type, 'ipv4');
    assert.equal(so.fdInfo?.sock?.l4proto, 'tcp');
    s.process(ev('PPME_SOCKET_CONNECT_E', 300, 2n, { fd: 3, addr: sock.addr4('93.184.216.34', 80) }));
    const cx = ev('PPME_SOCKET_CONNECT_X', 300, 3n, {
      res: -115,
      tuple: sock.tuple4('10.0.0.5', 51000, '93.184.216.34', 80),
      fd: 3,
      addr: sock.addr4('93.184.216.34', 80),
    });
    s.process(cx);
    assert.equal(cx.fdInfo?.name, '10.0.0.5:51000->93.184.216.34:80');
    assert.equal(cx.fdInfo?.sock?.isServer, false);
    assert.equal(cx.fdInfo?.nameChanged, true);
    // A refused connect changes nothing.
    s.process(ev('PPME_SOCKET_SOCKET_X', 300, 4n, { fd: 4, domain: 2, type: 1, proto: 6, flags: 0 }));
    s.process(
      ev('PPME_SOCKET_CONNECT_X', 300, 5n, { res: -111, tuple: sock.tuple4('10.0.0.5', 1, '1.1.1.1', 2), fd: 4 }),
    );
    assert.equal(s.fdTable(s.thread(300)!)?.get(4)?.name, '');
  });

  it('IPv6 and IPv4-mapped tuples', () => {
    const s = state();
    s.process(ev('PPME_SOCKET_SOCKET_X', 300, 1n, { fd: 3, domain: 10, type: 1, proto: 0, flags: 0 }));
    const cx = ev('PPME_SOCKET_CONNECT_X', 300, 2n, {
      res: 0,
      tuple: sock.tuple6('2001:db8::1', 40000, '2001:db8::2', 443),
      fd: 3,
    });
    s.process(cx);
    assert.equal(cx.fdInfo?.type, 'ipv6');
    assert.equal(cx.fdInfo?.name, '2001:db8::1:40000->2001:db8::2:443');
    s.process(ev('PPME_SOCKET_SOCKET_X', 300, 3n, { fd: 4, domain: 10, type: 1, proto: 0, flags: 0 }));
    const m = ev('PPME_SOCKET_CONNECT_X', 300, 4n, {
      res: 0,
      tuple: sock.tuple6('::ffff:127.0.0.1', 40001, '::ffff:127.0.0.1', 8080),
      fd: 4,
    });
    s.process(m);
    assert.equal(m.fdInfo?.type, 'ipv4', 'mapped on both ends: an IPv4 socket');
    assert.equal(m.fdInfo?.name, '127.0.0.1:40001->127.0.0.1:8080');
  });

  it('unix connect: `<src hex>-><dst hex> path`, path from the enter event', () => {
    const s = state();
    s.process(ev('PPME_SOCKET_SOCKET_X', 300, 1n, { fd: 5, domain: 1, type: 1, proto: 0, flags: 0 }));
    s.process(ev('PPME_SOCKET_CONNECT_E', 300, 2n, { fd: 5, addr: sock.addrUnix('/run/docker.sock') }));
    const cx = ev('PPME_SOCKET_CONNECT_X', 300, 3n, {
      res: 0,
      tuple: sock.tupleUnix(0xffff9c8b4e7a8c00n, 0xffff9c8b4e7a8800n, '/run/docker.sock'),
      fd: 5,
      addr: sock.addrUnix('/run/docker.sock'),
    });
    s.process(cx);
    assert.equal(cx.fdInfo?.type, 'unix');
    assert.equal(cx.fdInfo?.name, 'ffff9c8b4e7a8c00->ffff9c8b4e7a8800 /run/docker.sock');
    assert.equal(cx.fdInfo?.sock?.unixPath, '/run/docker.sock');
  });

  it('bind makes a server socket, accept adds a connected server-side fd', () => {
    const s = state();
    s.process(ev('PPME_SOCKET_SOCKET_X', 300, 1n, { fd: 3, domain: 2, type: 1, proto: 6, flags: 0 }));
    const b = ev('PPME_SOCKET_BIND_X', 300, 2n, { res: 0, addr: sock.addr4('0.0.0.0', 8080), fd: 3 });
    s.process(b);
    assert.equal(b.fdInfo?.name, '0.0.0.0:8080');
    assert.equal(b.fdInfo?.sock?.serverSocket, true);
    assert.equal(b.fdInfo?.sock?.dport, 8080);
    const a = ev('PPME_SOCKET_ACCEPT4_6_X', 300, 3n, {
      fd: 6,
      tuple: sock.tuple4('192.168.1.9', 60000, '192.168.1.2', 8080),
      queuepct: 0,
      queuelen: 0,
      queuemax: 128,
      flags: 0,
    });
    s.process(a);
    assert.equal(a.fdNum, 6);
    assert.equal(a.fdInfo?.name, '192.168.1.9:60000->192.168.1.2:8080');
    assert.equal(a.fdInfo?.sock?.isServer, true);
    assert.equal(a.fdInfo?.sock?.l4proto, 'tcp');
  });

  it('socketpair, and UDP tuples learnt from sendto/recvfrom', () => {
    const s = state();
    const sp = ev('PPME_SOCKET_SOCKETPAIR_X', 300, 1n, {
      res: 0,
      fd1: 7,
      fd2: 8,
      source: 0xabcn,
      peer: 0xdefn,
      domain: 1,
      type: 1,
      proto: 0,
    });
    s.process(sp);
    const table = s.fdTable(s.thread(300)!)!;
    assert.equal(table.get(7)?.type, 'unix');
    assert.equal(table.get(8)?.sock?.unixDest, 0xdefn);
    s.process(ev('PPME_SOCKET_SOCKET_X', 300, 2n, { fd: 9, domain: 2, type: 2, proto: 0, flags: 0 }));
    const st = ev('PPME_SOCKET_SENDTO_X', 300, 3n, {
      res: 20,
      data: 'x',
      fd: 9,
      size: 20,
      tuple: sock.tuple4('10.0.0.5', 5353, '8.8.8.8', 53),
    });
    s.process(st);
    assert.equal(st.fdInfo?.name, '10.0.0.5:5353->8.8.8.8:53');
    assert.equal(st.fdInfo?.sock?.l4proto, 'udp');
    // sendto on an fd whose socket() was missed: a UDP socket is guessed.
    const g = ev('PPME_SOCKET_SENDTO_X', 300, 4n, {
      res: 5,
      data: 'x',
      fd: 12,
      size: 5,
      tuple: sock.tuple4('10.0.0.5', 4000, '1.2.3.4', 53),
    });
    s.process(g);
    assert.equal(g.fdInfo?.type, 'ipv4');
    assert.equal(g.fdInfo?.name, '10.0.0.5:4000->1.2.3.4:53');
    // A receiver without a role is the server: the sender is the client side.
    s.process(ev('PPME_SOCKET_SOCKET_X', 300, 5n, { fd: 13, domain: 2, type: 2, proto: 17, flags: 0 }));
    const r = ev('PPME_SOCKET_RECVFROM_X', 300, 6n, {
      res: 5,
      data: 'x',
      tuple: sock.tuple4('9.9.9.9', 53, '10.0.0.5', 7000),
      fd: 13,
      size: 5,
    });
    s.process(r);
    assert.equal(r.fdInfo?.sock?.isServer, true);
    assert.equal(r.fdInfo?.name, '9.9.9.9:53->10.0.0.5:7000');
  });

  it('pipes, eventfd, memfd, pidfd, epoll, fcntl F_DUPFD get libsinsp types and names', () => {
    const s = state();
    const t = s.thread(300)!;
    s.process(ev('PPME_SYSCALL_PIPE2_X', 300, 1n, { res: 0, fd1: 3, fd2: 4, ino: 99, flags: 4096 }));
    const table = s.fdTable(t)!;
    assert.equal(table.get(3)?.type, 'pipe');
    assert.equal(table.get(4)?.name, '');
    assert.equal(table.get(4)?.ino, 99);
    s.process(ev('PPME_SYSCALL_EVENTFD2_X', 300, 2n, { res: 5, flags: 1, initval: 0n }));
    assert.equal(table.get(5)?.type, 'event');
    s.process(ev('PPME_SYSCALL_MEMFD_CREATE_X', 300, 3n, { fd: 6, name: 'libstest', flags: 0 }));
    assert.equal(table.get(6)?.name, 'libstest');
    assert.equal(table.get(6)?.type, 'memfd');
    s.process(ev('PPME_SYSCALL_PIDFD_OPEN_X', 300, 4n, { fd: 7, pid: 1, flags: 0 }));
    assert.equal(table.get(7)?.name, '/proc/1');
    s.process(ev('PPME_SYSCALL_EPOLL_CREATE1_X', 300, 5n, { res: 8, flags: 0 }));
    assert.equal(table.get(8)?.type, 'eventpoll');
    s.process(ev('PPME_SYSCALL_FCNTL_X', 300, 6n, { res: 10, fd: 6, cmd: 26, arg: 0n }));
    assert.equal(table.get(10)?.name, 'libstest');
    s.process(ev('PPME_SYSCALL_FCNTL_X', 300, 7n, { res: 0, fd: 6, cmd: 4, arg: 0n }));
    assert.equal(table.has(0), false, 'F_GETFL creates nothing');
    s.process(ev('PPME_SYSCALL_SIGNALFD4_X', 300, 8n, { res: -22, flags: 0, fd: -1, mask: 0 }));
    assert.equal(table.has(-22), false, 'failed syscalls change nothing');
  });
});
