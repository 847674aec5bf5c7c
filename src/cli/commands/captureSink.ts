// Opens the capture a replay writes its selected events to (`-w FILE`, gzip when it ends in .gz).
import type { CaptureSink } from '../../app/captureReplay.js';
import { createCaptureWriter } from '../../capture/index.js';
import { CliError } from '../exitCodes.js';

export async function openCaptureSink(path: string): Promise<CaptureSink> {
  try {
    const writer = await createCaptureWriter(path, { gzip: path.endsWith('.gz') });
    return {
      machine: (m) => writer.machine(m),
      thread: (t) => writer.thread(t),
      fd: (pid, fd) => writer.fd(pid, fd),
      user: (u) => writer.user(u),
      group: (g) => writer.group(g),
      iface: (i) => writer.iface(i),
      event: (evt) => writer.event(evt),
      close: async () => {
        await writer.close();
      },
    };
  } catch (err) {
    throw new CliError(`cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}
