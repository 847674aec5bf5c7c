import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { markdownEscape, slackEscape, unixNanos } from '../../../src/router/destinations/alertText.js';
import { compileMessageTemplate, TemplateError } from '../../../src/router/destinations/messageTemplate.js';
import { sampleAlert } from './sampleAlert.js';

const plain = (s: string) => s;

describe('messageformat templates (the Go text/template subset)', () => {
  test('fields, index with either quote style, missing keys as <no value>, Tags as Go prints a slice', () => {
    const t = compileMessageTemplate(
      '{{.Rule}} [{{ .Priority }}] on {{ .Hostname }}/{{ .Source }} at {{ .Time }}: {{ index .OutputFields "user.name" }} {{ index .OutputFields `proc.pid` }} {{ index .OutputFields "nope" }} {{ .Tags }} {{ .UUID }}',
    );
    assert.equal(
      t.render(sampleAlert(), plain),
      'Terminal shell in container [Critical] on node-1/syscall at 2026-12-01T10:20:30.123456789Z: root 4242 <no value> [shell container mitre_execution] 7f1c8a52-3b9e-4d27-9a61-0c5e2f7b8d14',
    );
  });

  test('trim markers remove the whitespace beside the action, as Go does', () => {
    assert.equal(compileMessageTemplate('a  \n {{- .Priority -}} \n  b').render(sampleAlert(), plain), 'aCriticalb');
    assert.equal(compileMessageTemplate('a {{- .Priority }} b').render(sampleAlert(), plain), 'aCritical b');
  });

  test('escape applies to alert values only', () => {
    const t = compileMessageTemplate('<b>{{ index .OutputFields "proc.cmdline" }}</b>');
    assert.equal(t.render(sampleAlert(), slackEscape), '<b>bash -c "echo &lt;b&gt;pwned&lt;/b&gt; &amp; x=1"</b>');
  });

  test('unsupported syntax is an error, not a wrong message', () => {
    for (const source of [
      '{{ .Rule }',
      'x }} y',
      '{{ if .Rule }}{{ end }}',
      '{{ .OutputFields }}',
      '{{ index .OutputFields "a" "b" }}',
      '{{ template "x" }}',
    ])
      assert.throws(() => compileMessageTemplate(source), TemplateError, source);
  });
});

describe('alert text helpers', () => {
  test('unixNanos keeps Falco’s nanoseconds and honours the offset', () => {
    assert.equal(unixNanos('1970-01-01T00:00:01.000000002Z'), '1000000002');
    assert.equal(unixNanos('1970-01-01T01:00:01.5+01:00'), '1500000000');
    assert.equal(unixNanos('1970-01-01T00:00:01Z'), '1000000000');
  });
  test('markdownEscape neutralises links, emphasis and mentions', () => {
    assert.equal(
      markdownEscape('[a](http://x) *b* _c_ @here `d`'),
      '\\[a\\]\\(http\\://x\\) \\*b\\* \\_c\\_ \\@here \\`d\\`',
    );
  });
});
