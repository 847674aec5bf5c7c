import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileOutputFormat, OutputFormatError } from '../../src/outputs/format.js';
import { fakeEvent, fakeSource } from './fakeSource.js';

const source = fakeSource();

function render(format: string, values: Record<string, unknown>) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests pass arbitrary field values.
  return compileOutputFormat(format, source).render(fakeEvent(values as any));
}

describe('compileOutputFormat: tokens', () => {
  test('substitutes fields and keeps literal text', () => {
    const out = render('An open was seen (command=%proc.cmdline)', { 'proc.cmdline': 'cat /dev/null' });
    assert.equal(out.text, 'An open was seen (command=cat /dev/null)');
    assert.deepEqual(out.fields, { 'proc.cmdline': 'cat /dev/null' });
  });

  test('missing values print <NA> and are null in JSON fields', () => {
    const out = render('Warning An open was seen (cport=%fd.cport command=%proc.cmdline)', {
      'proc.cmdline': 'cat /dev/null',
    });
    assert.equal(out.text, 'Warning An open was seen (cport=<NA> command=cat /dev/null)');
    assert.deepEqual(out.fields, { 'fd.cport': null, 'proc.cmdline': 'cat /dev/null' });
  });

  test('bracket arguments belong to the token and name the JSON field', () => {
    const out = render('p=%proc.aname[2] u=%ka.uri.param[command]', {
      'proc.aname[2]': 'bash',
      'ka.uri.param[command]': 'ls',
    });
    assert.equal(out.text, 'p=bash u=ls');
    assert.deepEqual(Object.keys(out.fields), ['ka.uri.param[command]', 'proc.aname[2]']);
  });

  test('quoted bracket arguments', () => {
    const out = render('%ka.uri.param["a b"]!', { 'ka.uri.param[a b]': 'x' });
    assert.equal(out.text, 'x!');
  });

  test('a token is the longest prefix that is a field; the rest is literal', () => {
    const out = render('%proc.namex %proc.name.suffix %proc.name_', { 'proc.name': 'cat' });
    assert.equal(out.text, 'catx cat.suffix cat_');
  });

  test('a field followed by punctuation ends there', () => {
    const out = render('(%proc.name),%proc.pid:%proc.name.', { 'proc.name': 'cat', 'proc.pid': 42 });
    assert.equal(out.text, '(cat),42:cat.');
  });

  test('an argument the field rejects is literal text after the field', () => {
    const out = render('%proc.aname[x]', { 'proc.aname': 'init' });
    assert.equal(out.text, 'init[x]');
  });

  test('dotted arguments (evt.arg.flags)', () => {
    const out = render('flags=%evt.arg.flags', { 'evt.arg[flags]': 'O_RDONLY' });
    assert.equal(out.text, 'flags=O_RDONLY');
    assert.deepEqual(out.fields, { 'evt.arg.flags': 'O_RDONLY' });
  });

  test('width prefixes pad or cut to exactly that many bytes', () => {
    assert.equal(render('[%6proc.name]', { 'proc.name': 'cat' }).text, '[cat   ]');
    assert.equal(render('[%2proc.name]', { 'proc.name': 'cat' }).text, '[ca]');
    assert.equal(render('[%06proc.name]', { 'proc.name': 'cat' }).text, '[cat   ]');
    assert.equal(render('[%3proc.name]', { 'proc.name': 'cat' }).text, '[cat]');
  });

  test('a leading * is dropped', () => {
    assert.equal(render('*x=%proc.name', { 'proc.name': 'a' }).text, 'x=a');
  });

  test('repeated fields share one JSON entry', () => {
    const out = render('%proc.name %proc.name', { 'proc.name': 'a' });
    assert.equal(out.text, 'a a');
    assert.deepEqual(out.fields, { 'proc.name': 'a' });
  });

  test('a format without tokens renders as is, with no fields', () => {
    const out = render('nothing to see', {});
    assert.equal(out.text, 'nothing to see');
    assert.deepEqual(out.fields, {});
  });

  test('generic time fields work even when the source does not define them', () => {
    const f = compileOutputFormat('%evt.time.iso8601 %evt.rawtime', source);
    const out = f.render(fakeEvent({}, 1_470_327_477_881_781_397n));
    assert.equal(out.text, '2016-08-04T16:17:57.881781397+0000 1470327477881781397');
    // libsinsp shows time-of-day fields as the raw timestamp in JSON.
    assert.equal(out.fields['evt.time.iso8601'], 1_470_327_477_881_781_397n);
    assert.equal(out.fields['evt.rawtime'], 1_470_327_477_881_781_397n);
  });
});

describe('compileOutputFormat: value rendering', () => {
  test('types render as libsinsp prints them', () => {
    const out = render('%proc.pid %evt.is_io %thread.cpu %evt.buffer %evt.num', {
      'proc.pid': 1234,
      'evt.is_io': true,
      'thread.cpu': 0.25,
      'evt.buffer': new Uint8Array([0x61, 0x00, 0x62, 0x0a]),
      'evt.num': 18446744073709551615n,
    });
    assert.equal(out.text, '1234 true 0.2 a.b. 18446744073709551615');
    assert.deepEqual(out.fields, {
      'evt.buffer': 'a.b.',
      'evt.is_io': true,
      'evt.num': 18446744073709551615n,
      'proc.pid': 1234,
      'thread.cpu': 0.25,
    });
  });

  test('list fields print as (a,b) and are arrays in JSON', () => {
    const out = render('images=%ka.req.pod.containers.image', { 'ka.req.pod.containers.image': ['nginx', 'redis'] });
    assert.equal(out.text, 'images=(nginx,redis)');
    assert.deepEqual(out.fields, { 'ka.req.pod.containers.image': ['nginx', 'redis'] });
  });

  test('an empty list is not available', () => {
    const out = render('images=%ka.req.pod.containers.image', { 'ka.req.pod.containers.image': [] });
    assert.equal(out.text, 'images=<NA>');
    assert.equal(out.fields['ka.req.pod.containers.image'], null);
  });

  test('numeric fields rendered as text by the source stay text in JSON', () => {
    const out = render('%evt.rawres', { 'evt.rawres': '0x1F' });
    assert.equal(out.fields['evt.rawres'], '0x1F');
  });
});

describe('compileOutputFormat: errors', () => {
  function rejects(format: string, message: string) {
    assert.throws(
      () => compileOutputFormat(format, source),
      (e: unknown) => e instanceof OutputFormatError && e.message === message,
    );
  }

  test('unknown field: Falco LOAD_ERR_COMPILE_OUTPUT message', () => {
    rejects('An open was seen %not_a_real_field', 'invalid formatting token not_a_real_field');
    rejects('x %foo.bar y', 'invalid formatting token foo.bar y');
  });

  test('a bare % or a token starting with a non-letter', () => {
    rejects('100%% sure', 'invalid formatting token % sure');
    rejects('a % b', 'invalid formatting token  b');
  });

  test('trailing % or width', () => {
    rejects('abc %', 'invalid formatting syntax: formatting cannot end with a %');
    rejects('abc %12', 'invalid formatting syntax: formatting cannot end with a number');
  });

  test('empty format', () => {
    rejects('', 'empty formatting token');
  });

  test('a field requiring an argument, used without one', () => {
    rejects('%ka.uri.param', 'invalid formatting token ka.uri.param');
  });

  test('fields usable only in conditions', () => {
    rejects('%evt.around[5]', 'invalid formatting token evt.around[5]');
  });

  test('absurd widths', () => {
    rejects('%99999999proc.name', 'invalid formatting syntax: width 99999999 is too large');
  });

  test('transformer errors', () => {
    assert.throws(
      () => compileOutputFormat('%tolower(proc.name', source),
      (e: unknown) => e instanceof OutputFormatError && e.message.startsWith('invalid formatting syntax: cannot parse'),
    );
    assert.throws(
      () => compileOutputFormat('%tolower(proc.nope)', source),
      (e: unknown) => e instanceof OutputFormatError && e.message === 'invalid formatting token proc.nope',
    );
    assert.throws(
      () =>
        compileOutputFormat('%toupper(proc.name)', source, {
          bindTransformer: () => {
            throw new Error('not for this type');
          },
        }),
      (e: unknown) =>
        e instanceof OutputFormatError &&
        e.message === 'invalid formatting token toupper(proc.name): not for this type',
    );
  });
});

describe('compileOutputFormat: transformers', () => {
  test('by default transformers evaluate as in conditions', () => {
    const f = compileOutputFormat('name=%toupper(proc.name) n=%len(proc.cmdline) %proc.name', source);
    const out = f.render(fakeEvent({ 'proc.name': 'cat', 'proc.cmdline': 'cat /etc/shadow' }));
    assert.equal(out.text, 'name=CAT n=15 cat');
    assert.deepEqual(out.fields, { 'proc.cmdline': 'cat /etc/shadow', 'proc.name': 'cat' });
  });

  test('a bound transformer prints its value; its inner fields are the JSON fields', () => {
    const f = compileOutputFormat('name=%toupper(proc.name) pid=%proc.pid', source, {
      bindTransformer: (node) => {
        assert.equal(node.name, 'toupper');
        return {
          extract: (evt) => String(evt.values['proc.name']).toUpperCase(),
          type: 'CHARBUF',
          isList: false,
        };
      },
    });
    const out = f.render(fakeEvent({ 'proc.name': 'cat', 'proc.pid': 7 }));
    assert.equal(out.text, 'name=CAT pid=7');
    assert.deepEqual(out.fields, { 'proc.name': 'cat', 'proc.pid': 7 });
    assert.deepEqual(f.fieldNames, ['proc.name', 'proc.pid']);
  });
});
