// `proc.*` and `thread.*` fields: the process and thread behind a syscall event
// (libsinsp's "process" class).

import type { FieldClass } from '../types.js';
import type { FieldOptions } from './define.js';
import { field, OPTIONAL_INDEX, OPTIONAL_INDEX_OR_KEY, OPTIONAL_KEY, REQUIRED_DOTTED_KEY } from './define.js';

/** Ancestor lookups compare against every ancestor when no level is given, so they cannot be used with val(). */
const ANCESTOR: FieldOptions = { arg: OPTIONAL_INDEX, noRhs: true, noTransformer: true };
const HIDDEN = { hidden: true } as const;

export const PROCESS_CLASS: FieldClass = {
  name: 'process',
  source: 'syscall',
  desc: 'Fields about the process and the thread that performed the system call.',
  fields: [
    field(
      'proc.exe',
      'CHARBUF',
      'First command-line argument (argv[0]) of the process: usually the program name, but the caller may set ' +
        'any string. Taken from the exec arguments, or from /proc/PID/cmdline when those are missing.',
    ),
    field('proc.pexe', 'CHARBUF', 'proc.exe of the parent process.'),
    field(
      'proc.aexe',
      'CHARBUF',
      'proc.exe of an ancestor: proc.aexe[1] is the parent, proc.aexe[2] the grandparent, proc.aexe[0] the ' +
        'process itself. Without an index it can only be used in conditions, where it matches if any ancestor ' +
        'satisfies the comparison.',
      ANCESTOR,
    ),
    field(
      'proc.exepath',
      'CHARBUF',
      'Full path of the executable file, with symbolic links resolved. Read from the kernel, or from ' +
        '/proc/PID/exe as a fallback; eBPF drivers may shorten very deep paths.',
    ),
    field('proc.pexepath', 'CHARBUF', 'proc.exepath of the parent process.'),
    field(
      'proc.aexepath',
      'CHARBUF',
      'proc.exepath of an ancestor, chosen by level like proc.aexe[N]. Without an index it matches any ancestor ' +
        'and can only be used in conditions.',
      ANCESTOR,
    ),
    field(
      'proc.name',
      'CHARBUF',
      'Process name as the kernel keeps it (task comm), at most 16 characters. It may differ from the executable ' +
        'file name, for example when a program renames itself.',
    ),
    field('proc.pname', 'CHARBUF', 'proc.name of the parent process.'),
    field(
      'proc.aname',
      'CHARBUF',
      'proc.name of an ancestor: proc.aname[1] is the parent, proc.aname[2] the grandparent, and so on. ' +
        'Without an index it can only be used in conditions, matching when any ancestor has that name.',
      ANCESTOR,
    ),
    field(
      'proc.args',
      'CHARBUF',
      'Command-line arguments of the process, argv[0] excluded. proc.args[N] selects a single argument, ' +
        'counting from 0 for the first argument after the program name.',
      { arg: OPTIONAL_INDEX },
    ),
    field(
      'proc.aargs',
      'CHARBUF',
      'proc.args of an ancestor, chosen by level like proc.aname[N]. Without an index it matches any ancestor ' +
        'and can only be used in conditions.',
      { arg: OPTIONAL_INDEX },
    ),
    field('proc.cmdline', 'CHARBUF', 'Process name followed by its arguments (proc.name plus proc.args).'),
    field('proc.pcmdline', 'CHARBUF', 'proc.cmdline of the parent process.'),
    field(
      'proc.acmdline',
      'CHARBUF',
      'proc.cmdline of an ancestor, chosen by level like proc.aname[N]. Without an index it matches any ancestor ' +
        'and can only be used in conditions.',
      ANCESTOR,
    ),
    field('proc.cmdnargs', 'UINT64', 'How many command-line arguments (proc.args) the process received.'),
    field(
      'proc.cmdlenargs',
      'UINT64',
      'Total number of characters in the command-line arguments, separators excluded.',
    ),
    field('proc.exeline', 'CHARBUF', 'proc.exe followed by the arguments (proc.args).'),
    field(
      'proc.env',
      'CHARBUF',
      "Environment of the process as 'NAME=value' pairs separated by spaces; proc.env[NAME] gives the value of " +
        'one variable.',
      { arg: OPTIONAL_KEY },
    ),
    field(
      'proc.aenv',
      'CHARBUF',
      'Experimental. Without an argument, matches when the environment of any ancestor satisfies the comparison; ' +
        'proc.aenv[N] is the environment of the N-th ancestor; proc.aenv[NAME] is the first value of variable ' +
        'NAME found walking up the ancestors.',
      { arg: OPTIONAL_INDEX_OR_KEY, noRhs: true, noTransformer: true },
    ),
    field('proc.cwd', 'CHARBUF', 'Current working directory of the process.'),
    field(
      'proc.loginshellid',
      'INT64',
      'Pid of the oldest shell among the ancestors, if any; helps group the activity of one login session.',
    ),
    field('proc.tty', 'UINT32', 'Controlling terminal of the process, 0 when it has none.'),
    field('proc.pid', 'INT64', 'Process id.'),
    field('proc.ppid', 'INT64', 'Process id of the parent.'),
    field(
      'proc.apid',
      'INT64',
      'Pid of an ancestor, chosen by level like proc.aname[N]. Without an index it matches any ancestor and can ' +
        'only be used in conditions.',
      ANCESTOR,
    ),
    field('proc.vpid', 'INT64', 'Process id as seen inside the pid namespace of the process.'),
    field('proc.pvpid', 'INT64', 'Parent process id as seen inside the pid namespace of the process.'),
    field('proc.sid', 'INT64', 'Session id of the process.'),
    field(
      'proc.sname',
      'CHARBUF',
      'Name of the session leader: the process whose pid equals proc.sid, or else the oldest ancestor sharing ' +
        'the session id.',
    ),
    field('proc.sid.exe', 'CHARBUF', 'proc.exe of the session leader.'),
    field('proc.sid.exepath', 'CHARBUF', 'proc.exepath of the session leader.'),
    field('proc.vpgid', 'INT64', 'Process group id as seen inside the pid namespace of the process.'),
    field(
      'proc.vpgid.name',
      'CHARBUF',
      'Name of the leader of the process group (as seen in the pid namespace): the process whose vpid equals ' +
        'proc.vpgid, or else the oldest ancestor in the same group.',
    ),
    field('proc.vpgid.exe', 'CHARBUF', 'proc.exe of the leader of the process group (pid namespace view).'),
    field('proc.vpgid.exepath', 'CHARBUF', 'proc.exepath of the leader of the process group (pid namespace view).'),
    field('proc.pgid', 'INT64', 'Process group id as seen from the host pid namespace.'),
    field(
      'proc.pgid.name',
      'CHARBUF',
      'Name of the leader of the process group (host view): the process whose pid equals proc.pgid, or else ' +
        'the oldest ancestor in the same group.',
    ),
    field('proc.pgid.exe', 'CHARBUF', 'proc.exe of the leader of the process group (host view).'),
    field('proc.pgid.exepath', 'CHARBUF', 'proc.exepath of the leader of the process group (host view).'),
    field('proc.duration', 'RELTIME', 'Nanoseconds since the process was started.'),
    field('proc.ppid.duration', 'RELTIME', 'Nanoseconds since the parent process was started.'),
    field('proc.pid.ts', 'RELTIME', 'Start time of the process, in nanoseconds since the Unix epoch.'),
    field('proc.ppid.ts', 'RELTIME', 'Start time of the parent process, in nanoseconds since the Unix epoch.'),
    field('proc.is_exe_writable', 'BOOL', 'Whether the user who started the process can write to its executable file.'),
    field(
      'proc.is_exe_upper_layer',
      'BOOL',
      'Whether the executable lives in the writable upper layer of an overlay filesystem (kernels 3.18 and later).',
    ),
    field(
      'proc.is_exe_lower_layer',
      'BOOL',
      'Whether the executable lives in a read-only lower layer of an overlay filesystem (kernels 3.18 and later).',
    ),
    field(
      'proc.is_exe_from_memfd',
      'BOOL',
      'Whether the process runs an anonymous in-memory file created with memfd_create and executed through its ' +
        'descriptor, a common trait of fileless malware (kernels 3.17 and later).',
    ),
    field('proc.is_sid_leader', 'BOOL', 'Whether the process leads its session (proc.sid equals proc.vpid).'),
    field(
      'proc.is_vpgid_leader',
      'BOOL',
      'Whether the process leads its process group (proc.vpgid equals proc.vpid); true for commands typed ' +
        'directly in a terminal, false for children spawned by a script.',
    ),
    field(
      'proc.is_pgid_leader',
      'BOOL',
      'Whether the process leads its process group as seen from the host (proc.pgid equals proc.pid).',
    ),
    field('proc.exe_ino', 'INT64', 'Inode number of the executable file; comparable with fd.ino.'),
    field(
      'proc.exe_ino.ctime',
      'ABSTIME',
      'Time of the last status change (inode ctime) of the executable, in nanoseconds since the epoch.',
    ),
    field(
      'proc.exe_ino.mtime',
      'ABSTIME',
      'Time of the last content change (inode mtime) of the executable, in nanoseconds since the epoch.',
    ),
    field(
      'proc.exe_ino.ctime_duration_proc_start',
      'ABSTIME',
      'Nanoseconds between the last status change of the executable and the start of the process.',
    ),
    field(
      'proc.exe_ino.ctime_duration_pidns_start',
      'ABSTIME',
      'Nanoseconds between the start of the pid namespace and the last status change of the executable, when ' +
        'the namespace is older.',
    ),
    field(
      'proc.pidns_init_start_ts',
      'UINT64',
      'Start time of the pid namespace of the process (a container or the host), in nanoseconds since the epoch.',
    ),
    field('thread.cap_permitted', 'CHARBUF', 'Permitted capability set of the thread.'),
    field('thread.cap_inheritable', 'CHARBUF', 'Inheritable capability set of the thread.'),
    field('thread.cap_effective', 'CHARBUF', 'Effective capability set of the thread.'),
    field('proc.fdopencount', 'UINT64', 'Number of file descriptors the process has open.'),
    field('proc.fdlimit', 'INT64', 'Maximum number of file descriptors the process may open.'),
    field('proc.fdusage', 'DOUBLE', 'Open file descriptors as a fraction of the allowed maximum.'),
    field('proc.vmsize', 'UINT64', 'Virtual memory size of the process, in kilobytes.'),
    field('proc.vmrss', 'UINT64', 'Resident (not swapped) memory of the process, in kilobytes.'),
    field('proc.vmswap', 'UINT64', 'Swapped-out memory of the process, in kilobytes.'),
    field('thread.pfmajor', 'UINT64', 'Major page faults since the thread started.'),
    field('thread.pfminor', 'UINT64', 'Minor page faults since the thread started.'),
    field('thread.tid', 'INT64', 'Id of the thread that produced the event.'),
    field('thread.ismain', 'BOOL', 'Whether the thread is the main thread of its process.'),
    field('thread.vtid', 'INT64', 'Thread id as seen inside the pid namespace of the process.'),
    field('thread.nametid', 'CHARBUF', 'Process name joined with the thread id.', HIDDEN),
    field(
      'thread.exectime',
      'RELTIME',
      'CPU time, in nanoseconds, used by the thread that was just switched out; only scheduler switch events ' +
        'carry it.',
    ),
    field(
      'thread.totexectime',
      'RELTIME',
      'CPU time, in nanoseconds, used by the thread since the capture started; only scheduler switch events ' +
        'carry it.',
    ),
    field('thread.cgroups', 'CHARBUF', 'All control groups of the thread, as one string.'),
    field(
      'thread.cgroup',
      'CHARBUF',
      'Control group of the thread for one subsystem, named after a dot (thread.cgroup.cpuacct).',
      { arg: REQUIRED_DOTTED_KEY },
    ),
    field('proc.nthreads', 'UINT64', 'Live threads of the process, the main thread included when it is still known.'),
    field('proc.nchilds', 'UINT64', 'Live threads of the process other than the main thread.'),
    field('thread.cpu', 'DOUBLE', 'CPU used by the thread during the last second.'),
    field('thread.cpu.user', 'DOUBLE', 'User-mode CPU used by the thread during the last second.'),
    field('thread.cpu.system', 'DOUBLE', 'Kernel-mode CPU used by the thread during the last second.'),
    field('thread.vmsize', 'UINT64', 'Virtual memory of the process in kilobytes, reported on the main thread only.'),
    field('thread.vmrss', 'UINT64', 'Resident memory of the process in kilobytes, reported on the main thread only.'),
    field('thread.vmsize.b', 'UINT64', 'Like thread.vmsize, in bytes.', HIDDEN),
    field('thread.vmrss.b', 'UINT64', 'Like thread.vmrss, in bytes.', HIDDEN),
    field('proc.stdin.type', 'CHARBUF', 'Kind of file descriptor 0 (standard input) of the process.'),
    field('proc.stdout.type', 'CHARBUF', 'Kind of file descriptor 1 (standard output) of the process.'),
    field('proc.stderr.type', 'CHARBUF', 'Kind of file descriptor 2 (standard error) of the process.'),
    field('proc.stdin.name', 'CHARBUF', 'Name of file descriptor 0 (standard input) of the process.'),
    field('proc.stdout.name', 'CHARBUF', 'Name of file descriptor 1 (standard output) of the process.'),
    field('proc.stderr.name', 'CHARBUF', 'Name of file descriptor 2 (standard error) of the process.'),
  ],
};
