import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SyscallSource } from '../../src/sources/syscall/syscallSource.js';
import { collectCorpusFieldRefs } from './corpusFields.js';

describe('fields of the official Falco rules', () => {
  const source = new SyscallSource();
  const refs = collectCorpusFieldRefs();

  test('the collector finds the fields, and no list items', () => {
    const names = new Set(refs.map((r) => (r.arg ? `${r.name}[${r.arg}]` : r.name)));
    assert.ok(refs.length > 500, `only ${refs.length} references found`);
    for (const expected of [
      'evt.type',
      'proc.aname[2]',
      'container.mount.dest[/var/run/docker.sock]',
      'fd.sip.name',
      'thread.cap_effective',
      'proc.exe_ino.ctime_duration_proc_start',
    ]) {
      assert.ok(names.has(expected), expected);
    }
    // Values of lists and comparisons that merely look dotted.
    for (const notAField of ['gcr.io', 'kafka.Kafka', 'org.jboss', 'entrypoint.sh']) assert.ok(!names.has(notAField));
  });

  test('SyscallSource.bindField accepts every one of them', () => {
    const rejected: string[] = [];
    for (const ref of refs) {
      try {
        source.bindField({ name: ref.name, arg: ref.arg }, ref.usage);
      } catch (err) {
        rejected.push(`${ref.where}: ${ref.name}${ref.arg ? `[${ref.arg}]` : ''}: ${(err as Error).message}`);
      }
    }
    assert.deepEqual(rejected, []);
  });

  test('findField knows every one of them', () => {
    for (const ref of refs) {
      const text = ref.arg ? `${ref.name}[${ref.arg}]` : ref.name;
      assert.ok(source.findField(text), text);
    }
  });
});
