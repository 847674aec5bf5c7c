// Linux open(2) flags (x86_64 values, as /proc/PID/fdinfo shows them in octal) to the driver's
// PPM_O_* bits, which is what fd state and `evt.arg.flags` carry.

const O_ACCMODE = 0o3;
const LINUX_TO_PPM: ReadonlyArray<[number, number]> = [
  [0o100, 4], // O_CREAT
  [0o200, 32], // O_EXCL
  [0o1000, 256], // O_TRUNC
  [0o2000, 8], // O_APPEND
  [0o4000, 64], // O_NONBLOCK
  [0o10000, 16], // O_DSYNC
  [0o40000, 512], // O_DIRECT
  [0o100000, 2048], // O_LARGEFILE
  [0o200000, 1024], // O_DIRECTORY
  [0o2000000, 4096], // O_CLOEXEC
  [0o4010000, 128], // O_SYNC (includes O_DSYNC's bit)
];
const O_TMPFILE = 0o20200000;

export function ppmOpenFlags(linux: number): number {
  const mode = linux & O_ACCMODE;
  let out = mode === 0 ? 1 : mode === 1 ? 2 : 3; // PPM_O_RDONLY / WRONLY / RDWR
  for (const [bit, ppm] of LINUX_TO_PPM) if ((linux & bit) === bit) out |= ppm;
  if ((linux & O_TMPFILE) === O_TMPFILE) out |= 8192;
  return out;
}
