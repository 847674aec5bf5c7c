import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { OutputChannelError } from '../../src/outputs/channels/channel.js';
import { ProgramChannel } from '../../src/outputs/channels/program.js';
import { testAlert, waitFor } from './testAlert.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kestrel-program-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function contents(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return '';
  }
}

describe('ProgramChannel', () => {
  test('runs the program once per alert, through the shell (as confs/program_output.yaml)', async () => {
    const out = join(dir, 'program_output.txt');
    const ch = new ProgramChannel({
      program: `cat >> ${out}`,
      keepAlive: false,
      buffered: false,
      outputStdio: 'ignore',
    });
    await ch.write(testAlert(), 'first');
    await ch.write(testAlert(), 'second');
    await ch.close();
    assert.equal(await contents(out), 'first\nsecond\n');
  });

  test('keep_alive feeds one process', async () => {
    const out = join(dir, 'kept.txt');
    const ch = new ProgramChannel({
      program: `echo started >> ${out}; cat >> ${out}`,
      keepAlive: true,
      buffered: false,
      outputStdio: 'ignore',
    });
    await ch.write(testAlert(), 'a');
    await ch.write(testAlert(), 'b');
    await ch.close();
    assert.equal(await contents(out), 'started\na\nb\n');
  });

  test('a program exiting with an error status is reported', async () => {
    const ch = new ProgramChannel({ program: 'cat > /dev/null; exit 3', keepAlive: false, buffered: false });
    await assert.rejects(
      ch.write(testAlert(), 'x'),
      (e: unknown) =>
        e instanceof OutputChannelError && e.message === 'program "cat > /dev/null; exit 3" exited with status 3',
    );
  });

  test('a kept-alive program that dies is reported and started again for the next alert', async () => {
    const out = join(dir, 'restarted.txt');
    const program = `read line; echo "$line" >> ${out}; exit 7`;
    const ch = new ProgramChannel({ program, keepAlive: true, buffered: false, outputStdio: 'ignore' });
    await ch.write(testAlert(), 'one');
    await waitFor(() => ch.runningPid === undefined, 'the program to exit');
    await assert.rejects(
      ch.write(testAlert(), 'two'),
      (e: unknown) =>
        e instanceof OutputChannelError &&
        e.message === `program "${program}" exited with status 7; it was started again`,
    );
    await waitFor(async () => (await contents(out)) === 'one\ntwo\n', 'the second line');
    await assert.rejects(ch.close(), /exited with status 7/);
  });

  test('buffered keep_alive sends lines on flush', async () => {
    const out = join(dir, 'buffered.txt');
    const ch = new ProgramChannel({ program: `cat >> ${out}`, keepAlive: true, buffered: true, outputStdio: 'ignore' });
    await ch.write(testAlert(), 'x');
    assert.equal(ch.runningPid, undefined);
    await ch.flush();
    await ch.close();
    assert.equal(await contents(out), 'x\n');
  });

  test('a shell that cannot be started is reported', async () => {
    const ch = new ProgramChannel({
      program: 'true',
      keepAlive: false,
      buffered: false,
      shell: join(dir, 'no-such-shell'),
    });
    await assert.rejects(ch.write(testAlert(), 'x'), /cannot run program "true": spawn .*ENOENT/);
  });
});
