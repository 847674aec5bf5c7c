// What Kestrel knows about the system, as libsinsp tracks it: threads (with their process-level
// data), the file descriptors of each process, users, groups and containers. The capture reader
// and the /proc scan fill it at start; the state parsers keep it current event by event; the
// field extractors read it. Plain mutable records: one per thread or fd, updated in place.

/** Kinds of fd, as libsinsp names them in `fd.type` / `fd.typechar`. */
export type FdType =
  | 'file'
  | 'directory'
  | 'ipv4'
  | 'ipv6'
  | 'unix'
  | 'pipe'
  | 'event'
  | 'signalfd'
  | 'eventpoll'
  | 'inotify'
  | 'timerfd'
  | 'netlink'
  | 'bpf'
  | 'userfaultfd'
  | 'io_uring'
  | 'memfd'
  | 'pidfd'
  | 'unknown';

/** Layer-4 protocol of a socket fd. */
export type L4Proto = 'tcp' | 'udp' | 'icmp' | 'raw' | 'unknown';

/** Socket endpoints. IPv4 addresses as dotted text, IPv6 as canonical text. */
export interface SocketInfo {
  l4proto: L4Proto;
  /** Client side (libsinsp's "source"). */
  sip?: string;
  sport?: number;
  /** Server side (libsinsp's "destination"). */
  dip?: string;
  dport?: number;
  /** Unix sockets: the path, and the kernel pointers libsinsp shows in the tuple. */
  unixPath?: string;
  unixSource?: bigint;
  unixDest?: bigint;
  /** Whether this process is the server end (accepted it / listens). */
  isServer?: boolean;
  /**
   * A bound server socket (libsinsp's *_SERVSOCK after bind with a port): dip/dport hold the
   * local address it serves on.
   */
  serverSocket?: boolean;
}

export interface FdInfo {
  fd: number;
  type: FdType;
  /** `fd.name`: the path for files, the tuple text for sockets (`1.2.3.4:5->6.7.8.9:80`). */
  name: string;
  /** The name as it was opened, before resolution (libsinsp's m_name_raw). */
  nameRaw?: string;
  /** Open flags (PPM_O_* bits, as the driver writes them). */
  openFlags: number;
  /** Device and inode when the driver reported them. */
  dev?: number;
  ino?: number;
  /** Mount id, when known. */
  mountId?: number;
  sock?: SocketInfo;
  /** The fd's name changed on this event (fd.name_changed). */
  nameChanged?: boolean;
  /** Set when the descriptor was created during the capture (not found in the initial scan). */
  createdTs?: bigint;
  /** pidfd_open: the pid the fd refers to. */
  pid?: number;
  /** File opened on an overlay upper / lower layer (PPM_FD_UPPER_LAYER / PPM_FD_LOWER_LAYER). */
  upperLayer?: boolean;
  lowerLayer?: boolean;
}

export interface ThreadInfo {
  tid: number;
  /** Thread-group leader (process id). */
  pid: number;
  /** Parent process id. */
  ptid: number;
  /** Session id and process-group id. */
  sid: number;
  vpgid: number;
  pgid: number;
  /** `proc.name`: the comm (up to 15 characters, as the kernel keeps it). */
  comm: string;
  /** argv[0] as the program was invoked (`proc.exe`). */
  exe: string;
  /** Full path of the executable (`proc.exepath`). */
  exepath: string;
  /** argv[1..] (`proc.args` joins them with spaces). */
  args: string[];
  env: string[];
  cwd: string;
  uid: number;
  gid: number;
  euid?: number;
  egid?: number;
  loginuid: number;
  /** Controlling terminal number, 0 when none. */
  tty: number;
  capInheritable: bigint;
  capPermitted: bigint;
  capEffective: bigint;
  /** Ids inside the thread's pid namespace. */
  vtid: number;
  vpid: number;
  /** Start time of the pid namespace's init; lets `proc.is_container_healthcheck` etc. work. */
  pidnsInitStartTs: bigint;
  /** Clone time (proc start), ns since epoch; 0 when unknown. */
  cloneTs: bigint;
  /** Container id derived from cgroups, '' for the host. */
  containerId: string;
  /** cgroup controller → path pairs. */
  cgroups: Array<[string, string]>;
  /** PPM_CL_* flags from clone/execve (e.g. CL_CLONE_INVERTED, PPM_CL_IS_MAIN_THREAD). */
  flags: number;
  fdlimit: number;
  vmSize: number;
  vmRss: number;
  vmSwap: number;
  pfMajor: number;
  pfMinor: number;
  /** Executable inode data from execve (drift detection). */
  exeIno?: number;
  exeInoCtime?: bigint;
  exeInoMtime?: bigint;
  /** Executable is on an upper (writable) overlay layer / was written in the container. */
  exeUpperLayer?: boolean;
  exeFromMemfd?: boolean;
  exeWritable?: boolean;
  /** Trusted exe path (from the kernel's d_path of the exe), when the driver sends it. */
  trustedExepath?: string;
  /** The thread has exited (procexit seen) but is kept until its children are reparented. */
  dead?: boolean;
  /** Last event time seen from this thread, for eviction of stale entries. */
  lastEventTs: bigint;
  /**
   * Created on first sight of an unknown tid (libsinsp's "invalid" thread: pid/ptid -1, comm and
   * exe '<NA>', uid/gid/loginuid 0xffffffff) until a clone/execve fills it in.
   */
  incomplete?: boolean;
  /** chroot() root, when changed (libsinsp m_root); undefined means '/'. */
  root?: string;
  /** Reaper the kernel named in procexit (reaper_tid), when it had children. */
  reaperTid?: number;
  /** Time of the last successful execve, 0n when none seen. */
  lastExecTs?: bigint;
  /** Executable on an overlay lower layer (PPM_EXE_LOWER_LAYER). */
  exeLowerLayer?: boolean;
}

export interface UserInfo {
  uid: number;
  gid: number;
  name: string;
  homedir: string;
  shell: string;
  /** Container the entry belongs to, '' for the host. */
  container: string;
}

export interface GroupInfo {
  gid: number;
  name: string;
  container: string;
}

export interface ContainerMount {
  source: string;
  dest: string;
  mode: string;
  rw: boolean;
  propagation: string;
}

export interface ContainerInfo {
  id: string;
  /** Runtime: docker, containerd, cri-o, podman, runc, lxc, libvirt-lxc, mesos, rkt, bpm... */
  type: string;
  name: string;
  image: string;
  imageId: string;
  imageRepository: string;
  imageTag: string;
  imageDigest: string;
  privileged?: boolean;
  mounts: ContainerMount[];
  labels: Record<string, string>;
  ip?: string;
  cniJson?: string;
  /** Kubernetes context when the runtime exposed it (CRI labels). */
  podName?: string;
  podUid?: string;
  namespace?: string;
  /** Start of the container's init process (ns since epoch), when known. */
  createdTs?: bigint;
}
