// `proc.*` and `thread.*` extraction (libsinsp's process class) from the thread the state
// attached to the event and its ancestry.

import type { ThreadInfo } from '../../../state/types.js';
import type { SyscallEvent } from '../../../sources/syscall/syscallEvent.js';
import type { FieldValue } from '../../types.js';
import { ancestor, ancestors, groupLeader, mainThread, parentOf } from './ancestry.js';
import { fdTypeName } from './fdText.js';
import { capabilitiesText } from './kernelNames.js';
import type { FieldRequest, SyscallExtractor } from './types.js';
import { argIndex, argKey } from './types.js';

type ThreadValue = (t: ThreadInfo) => FieldValue;

function argsText(t: ThreadInfo): string {
  return t.args.join(' ');
}

function cmdline(t: ThreadInfo): string {
  let out = t.comm;
  for (const a of t.args) out += ` ${a}`;
  return out;
}

function exeline(t: ThreadInfo): string {
  let out = t.exe;
  for (const a of t.args) out += ` ${a}`;
  return out;
}

function envValue(t: ThreadInfo, name: string): string | undefined {
  const prefix = `${name}=`;
  for (const e of t.env) if (e.startsWith(prefix)) return e.slice(prefix.length);
  return undefined;
}

/** Of the event's thread. */
function own(value: ThreadValue): SyscallExtractor {
  return (evt) => (evt.thread ? value(evt.thread) : undefined);
}

/** Of the event's process (its main thread). */
function ofProcess(value: ThreadValue): SyscallExtractor {
  return (evt) => {
    const t = mainThread(evt);
    return t ? value(t) : undefined;
  };
}

function ofParent(value: ThreadValue): SyscallExtractor {
  return (evt) => {
    const t = mainThread(evt);
    const p = t ? parentOf(evt.state, t) : undefined;
    return p ? value(p) : undefined;
  };
}

/** Ancestor fields: at a level, or (no level, conditions only) every ancestor's value as a list. */
function ofAncestor(req: FieldRequest, value: ThreadValue): SyscallExtractor {
  const level = argIndex(req);
  if (level !== undefined) {
    return (evt) => {
      const a = level === 0 ? evt.thread : ancestor(evt, level);
      return a ? value(a) : undefined;
    };
  }
  return (evt) => {
    if (!evt.thread) return undefined;
    const out: FieldValue[] = [];
    for (const a of ancestors(evt)) {
      const v = value(a);
      if (v !== undefined && !Array.isArray(v)) out.push(v);
    }
    return out.length > 0 ? (out as string[]) : undefined;
  };
}

function ofLeader(idOf: (t: ThreadInfo) => number, byPid: boolean, value: ThreadValue): SyscallExtractor {
  return (evt) => {
    const l = groupLeader(evt, idOf, byPid);
    return l ? value(l) : undefined;
  };
}

/** Oldest ancestor (the process included) whose executable ends in "sh", as libsinsp finds login shells. */
function loginShellId(evt: SyscallEvent): number | undefined {
  let found: number | undefined;
  const self = mainThread(evt);
  if (!self) return undefined;
  if (self.exe.endsWith('sh')) found = self.pid;
  for (const a of ancestors(evt)) if (a.exe.endsWith('sh')) found = a.pid;
  return found;
}

function duration(evt: SyscallEvent, t: ThreadInfo | undefined): bigint | undefined {
  if (!t || t.cloneTs === 0n) return undefined;
  const d = evt.ts - t.cloneTs;
  return d < 0n ? 0n : d;
}

function fdCount(evt: SyscallEvent): number | undefined {
  return evt.thread && evt.state ? evt.state.fdTable(evt.thread)?.size : undefined;
}

function stdFd(n: number, what: 'type' | 'name'): SyscallExtractor {
  return (evt) => {
    const t = evt.thread;
    const fd = t && evt.state ? evt.state.fdTable(t)?.get(n) : undefined;
    if (!fd) return undefined;
    return what === 'type' ? fdTypeName(fd.type) : fd.name;
  };
}

function env(req: FieldRequest): SyscallExtractor {
  const key = argKey(req) ?? (argIndex(req) !== undefined ? String(argIndex(req)) : undefined);
  if (key === undefined) return own((t) => t.env.join(' '));
  return ofProcess((t) => envValue(t, key) ?? '');
}

function aenv(req: FieldRequest): SyscallExtractor {
  const level = argIndex(req);
  if (level !== undefined) return ofAncestor(req, (t) => t.env.join(' '));
  const key = argKey(req);
  if (key === undefined) return ofAncestor(req, (t) => t.env.join(' '));
  return (evt) => {
    const self = mainThread(evt);
    if (!self) return undefined;
    const here = envValue(self, key);
    if (here !== undefined) return here;
    for (const a of ancestors(evt)) {
      const v = envValue(a, key);
      if (v !== undefined) return v;
    }
    return '';
  };
}

const sid = (t: ThreadInfo) => t.sid;
const vpgid = (t: ThreadInfo) => t.vpgid;
const pgid = (t: ThreadInfo) => t.pgid;

export function bindProcField(req: FieldRequest): SyscallExtractor | undefined {
  switch (req.name) {
    case 'proc.exe':
      return own((t) => t.exe);
    case 'proc.pexe':
      return ofParent((t) => t.exe);
    case 'proc.aexe':
      return ofAncestor(req, (t) => t.exe);
    case 'proc.exepath':
      return own((t) => t.exepath);
    case 'proc.pexepath':
      return ofParent((t) => t.exepath);
    case 'proc.aexepath':
      return ofAncestor(req, (t) => t.exepath);
    case 'proc.name':
      return own((t) => t.comm);
    case 'proc.pname':
      return ofParent((t) => t.comm);
    case 'proc.aname':
      return ofAncestor(req, (t) => t.comm);
    case 'proc.args': {
      const i = argIndex(req);
      return i === undefined ? own(argsText) : own((t) => t.args[i]);
    }
    case 'proc.aargs':
      return ofAncestor(req, argsText);
    case 'proc.cmdline':
      return own(cmdline);
    case 'proc.pcmdline':
      return ofParent(cmdline);
    case 'proc.acmdline':
      return ofAncestor(req, cmdline);
    case 'proc.cmdnargs':
      return own((t) => t.args.length);
    case 'proc.cmdlenargs':
      return own((t) => t.args.reduce((n, a) => n + a.length, 0));
    case 'proc.exeline':
      return own(exeline);
    case 'proc.env':
      return env(req);
    case 'proc.aenv':
      return aenv(req);
    case 'proc.cwd':
      return own((t) => t.cwd);
    case 'proc.loginshellid':
      return loginShellId;
    case 'proc.tty':
      return own((t) => t.tty);
    case 'proc.pid':
      return own((t) => t.pid);
    case 'proc.ppid':
      return own((t) => t.ptid);
    case 'proc.apid':
      return ofAncestor(req, (t) => t.pid);
    case 'proc.vpid':
      // -1: the capture or the event did not say (libsinsp reads it as not available)
      return own((t) => (t.vpid === -1 ? undefined : t.vpid));
    case 'proc.pvpid':
      return ofParent((t) => t.vpid);
    case 'proc.sid':
      return own(sid);
    case 'proc.sname':
      return ofLeader(sid, true, (t) => t.comm);
    case 'proc.sid.exe':
      return ofLeader(sid, true, (t) => t.exe);
    case 'proc.sid.exepath':
      return ofLeader(sid, true, (t) => t.exepath);
    case 'proc.vpgid':
      return own(vpgid);
    case 'proc.vpgid.name':
      return ofLeader(vpgid, true, (t) => t.comm);
    case 'proc.vpgid.exe':
      return ofLeader(vpgid, true, (t) => t.exe);
    case 'proc.vpgid.exepath':
      return ofLeader(vpgid, true, (t) => t.exepath);
    case 'proc.pgid':
      return own(pgid);
    case 'proc.pgid.name':
      return ofLeader(pgid, true, (t) => t.comm);
    case 'proc.pgid.exe':
      return ofLeader(pgid, true, (t) => t.exe);
    case 'proc.pgid.exepath':
      return ofLeader(pgid, true, (t) => t.exepath);
    case 'proc.duration':
      return (evt) => duration(evt, mainThread(evt));
    case 'proc.ppid.duration':
      return (evt) => {
        const t = mainThread(evt);
        return duration(evt, t ? parentOf(evt.state, t) : undefined);
      };
    case 'proc.pid.ts':
      return ofProcess((t) => (t.cloneTs === 0n ? undefined : t.cloneTs));
    case 'proc.ppid.ts':
      return ofParent((t) => (t.cloneTs === 0n ? undefined : t.cloneTs));
    case 'proc.is_exe_writable':
      return own((t) => t.exeWritable === true);
    case 'proc.is_exe_upper_layer':
      return own((t) => t.exeUpperLayer === true);
    case 'proc.is_exe_lower_layer':
      return own((t) => t.exeLowerLayer === true);
    case 'proc.is_exe_from_memfd':
      return own((t) => t.exeFromMemfd === true);
    case 'proc.is_sid_leader':
      return own((t) => t.sid === t.vpid);
    case 'proc.is_vpgid_leader':
      return own((t) => t.vpgid === t.vpid);
    case 'proc.is_pgid_leader':
      return own((t) => t.pgid === t.pid);
    case 'proc.exe_ino':
      return own((t) => t.exeIno);
    case 'proc.exe_ino.ctime':
      return own((t) => t.exeInoCtime);
    case 'proc.exe_ino.mtime':
      return own((t) => t.exeInoMtime);
    case 'proc.exe_ino.ctime_duration_proc_start':
      return own((t) => {
        const c = t.exeInoCtime ?? 0n;
        return t.cloneTs !== 0n && c !== 0n ? t.cloneTs - c : 0n;
      });
    case 'proc.exe_ino.ctime_duration_pidns_start':
      return own((t) => {
        const c = t.exeInoCtime ?? 0n;
        return t.pidnsInitStartTs !== 0n && c > t.pidnsInitStartTs ? c - t.pidnsInitStartTs : 0n;
      });
    case 'proc.pidns_init_start_ts':
      return own((t) => t.pidnsInitStartTs);
    case 'thread.cap_permitted':
      return own((t) => capabilitiesText(t.capPermitted));
    case 'thread.cap_inheritable':
      return own((t) => capabilitiesText(t.capInheritable));
    case 'thread.cap_effective':
      return own((t) => capabilitiesText(t.capEffective));
    case 'proc.fdopencount':
      return fdCount;
    case 'proc.fdlimit':
      return ofProcess((t) => t.fdlimit);
    case 'proc.fdusage':
      return (evt) => {
        const open = fdCount(evt);
        const limit = mainThread(evt)?.fdlimit ?? 0;
        return open === undefined || limit <= 0 ? undefined : open / limit;
      };
    case 'proc.vmsize':
      return ofProcess((t) => t.vmSize);
    case 'proc.vmrss':
      return ofProcess((t) => t.vmRss);
    case 'proc.vmswap':
      return ofProcess((t) => t.vmSwap);
    case 'thread.pfmajor':
      return own((t) => t.pfMajor);
    case 'thread.pfminor':
      return own((t) => t.pfMinor);
    case 'thread.tid':
      return own((t) => t.tid);
    case 'thread.ismain':
      return own((t) => t.tid === t.pid);
    case 'thread.vtid':
      return own((t) => (t.vtid === -1 ? undefined : t.vtid));
    case 'thread.nametid':
      return (evt) => (evt.thread ? `${evt.thread.comm}${evt.tid}` : undefined);
    case 'thread.cgroups':
      // a thread without cgroups has no value (libsinsp extracts nothing), not an empty text
      return own((t) => (t.cgroups.length === 0 ? undefined : t.cgroups.map(([c, p]) => `${c}=${p}`).join(' ')));
    case 'thread.cgroup': {
      const key = argKey(req);
      return own((t) => t.cgroups.find(([c]) => c === key)?.[1]);
    }
    case 'thread.vmsize':
      return own((t) => (t.tid === t.pid ? t.vmSize : 0));
    case 'thread.vmrss':
      return own((t) => (t.tid === t.pid ? t.vmRss : 0));
    case 'thread.vmsize.b':
      return own((t) => (t.tid === t.pid ? t.vmSize * 1024 : 0));
    case 'thread.vmrss.b':
      return own((t) => (t.tid === t.pid ? t.vmRss * 1024 : 0));
    case 'proc.stdin.type':
      return stdFd(0, 'type');
    case 'proc.stdout.type':
      return stdFd(1, 'type');
    case 'proc.stderr.type':
      return stdFd(2, 'type');
    case 'proc.stdin.name':
      return stdFd(0, 'name');
    case 'proc.stdout.name':
      return stdFd(1, 'name');
    case 'proc.stderr.name':
      return stdFd(2, 'name');
    default:
      // proc.nthreads / proc.nchilds (the view has no thread-group counts), thread.exectime /
      // thread.totexectime (scheduler switch accounting), thread.cpu* (CPU usage sampling)
      return undefined;
  }
}
