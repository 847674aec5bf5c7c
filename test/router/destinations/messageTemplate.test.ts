import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { markdownEscape, slackEscape, unixNanos } from '../../../src/router/destinations/alertText.js';
import { compileMessageTemplate, TemplateError } from '../../../src/router/destinations/messageTemplate.js';
import { DeliveryError } from '../../../src/router/destinations/destination.js';
import { compileTemplate } from '../../../src/router/intake/template.js';
import { sampleAlert } from './sampleAlert.js';

const plain = (s: string) => s;
const render = (source: string) => compileMessageTemplate(source).render(sampleAlert(), plain);

describe('messageformat templates (Go text/template over Falcosidekick’s payload)', () => {
  test('fields, index with either quote style, missing keys as <no value>, Tags as Go prints a slice', () => {
    const t = compileMessageTemplate(
      '{{.Rule}} [{{ .Priority }}] on {{ .Hostname }}/{{ .Source }} at {{ .Time }}: {{ index .OutputFields "user.name" }} {{ index .OutputFields `proc.pid` }} {{ index .OutputFields "nope" }} {{ .Tags }} {{ .UUID }}',
    );
    assert.equal(
      t.render(sampleAlert(), plain),
      'Terminal shell in container [Critical] on node-1/syscall at 2026-12-01T10:20:30.123456789Z: root 4242 <no value> [shell container mitre_execution] 7f1c8a52-3b9e-4d27-9a61-0c5e2f7b8d14',
    );
  });

  test('map fields by name, chained: missing keys and fields of missing keys are <no value>, null too', () => {
    const alert = sampleAlert({ output_fields: { user: 'root', k8s: 'x', n: null, pid: 4242 } });
    assert.equal(
      compileMessageTemplate(
        '{{ .OutputFields.user }} {{ .OutputFields.nope }} {{ .OutputFields.nope.deeper }} {{ .OutputFields.n }} {{ $.OutputFields.pid }}',
      ).render(alert, plain),
      'root <no value> <no value> <no value> 4242',
    );
    assert.equal(
      compileMessageTemplate('{{ .OutputFields }}').render(alert, plain),
      'map[k8s:x n:<nil> pid:4242 user:root]',
    );
  });

  test('trim markers remove the whitespace beside the action, as Go does', () => {
    assert.equal(render('a  \n {{- .Priority -}} \n  b'), 'aCriticalb');
    assert.equal(render('a {{- .Priority }} b'), 'aCritical b');
    assert.equal(render('a {{- /* note */ -}} b'), 'ab');
    assert.equal(render('a {{/* note */}} b'), 'a  b');
    assert.equal(render('{{ -1 }} {{-3}}'), '-1 -3');
  });

  test('escape applies to values printed by actions, not to the template text', () => {
    const t = compileMessageTemplate('<b>{{ index .OutputFields "proc.cmdline" }}</b>{{ if true }}<i>{{ end }}');
    assert.equal(t.render(sampleAlert(), slackEscape), '<b>bash -c "echo &lt;b&gt;pwned&lt;/b&gt; &amp; x=1"</b><i>');
    assert.equal(
      compileMessageTemplate('{{ range .Tags }}_{{ . }}_ {{ end }}').render(sampleAlert(), markdownEscape),
      '_shell_ _container_ _mitre\\_execution_ ',
    );
  });

  test('a render failure is a non-retryable DeliveryError naming the option and the action', () => {
    const t = compileMessageTemplate('x {{ lt .Rule 3 }}', 'slack.messageformat');
    assert.throws(
      () => t.render(sampleAlert(), plain),
      (e: unknown) =>
        e instanceof DeliveryError &&
        !e.retryable &&
        e.message ===
          'slack.messageformat: 1:6: executing <lt .Rule 3>: error calling lt: incompatible types for comparison',
    );
  });

  test('what Go refuses to parse is a compile error with line:col', () => {
    for (const [source, want] of [
      ['{{ .Rule }', '1:10: unrecognized character in action: "}"'],
      ['{{ .Rule ', '1:1: unclosed action'],
      [
        'ok\n  {{ .Rul }}',
        '2:6: unknown field .Rul (known: UUID, Output, Priority, Rule, Time, OutputFields, Source, Tags, Hostname)',
      ],
      ['{{ if .Rule }}{{ end }}{{ end }}', '1:27: unexpected {{end}}'],
      ['{{ template "x" }}', '1:4: {{template}} is not supported (define, template and block are refused)'],
      ['{{ define "x" }}{{ end }}', '1:4: {{define}} is not supported (define, template and block are refused)'],
      ['{{ upper .Rule }}', '1:4: function "upper" not defined'],
      ['{{ call .Rule }}', '1:4: function "call" not defined'],
    ] as const)
      assert.throws(
        () => compileMessageTemplate(source),
        (e: Error) => e instanceof TemplateError && e.message === want,
        source,
      );
  });

  test('the root struct’s fields are checked at compile only where dot is the root', () => {
    assert.throws(() => compileMessageTemplate('{{ $.Nope }}'), /1:4: unknown field \.Nope/);
    // Inside with/range dot is another value: Go finds a wrong field only when executing.
    const t = compileMessageTemplate(
      '{{ with .OutputFields }}{{ .Nope }}{{ end }}{{ range .Tags }}{{ .Nope }}{{ end }}',
    );
    assert.throws(
      () => t.render(sampleAlert(), plain),
      /1:51: executing <\.Nope>: can't evaluate field Nope in type \[\]interface \{\}|can't evaluate field Nope in type string/,
    );
  });
});

describe('templatedfields (Go text/template with output_fields as dot, as Falcosidekick)', () => {
  const fields = { 'k8s.ns.name': 'prod', cluster: 'eu-1', 'proc.pid': 7, list: ['a', 1.5] };
  test('index and field access on the map, Go printing of numbers and slices, <no value> for a missing key', () => {
    const t = compileTemplate(
      '{{ index . "k8s.ns.name" }}/{{ .cluster }} {{ index . "proc.pid" }} {{ .list }} {{ .nope }} {{ len . }}',
    );
    assert.equal(t({ output_fields: fields }), 'prod/eu-1 7 [a 1.5] <no value> 4');
  });
  test('conditionals and printf work there too', () => {
    const t = compileTemplate(
      '{{ if eq .cluster "eu-1" }}EU{{ else }}other{{ end }}-{{ printf "%03.0f" (index . "proc.pid") }}',
    );
    assert.equal(t({ output_fields: fields }), 'EU-007');
  });
  test('a failing render keeps what was rendered before the failure, as Falcosidekick stores it', () => {
    const t = compileTemplate('ns={{ index . "k8s.ns.name" }} {{ index .list 5 }} tail');
    assert.equal(t({ output_fields: fields }), 'ns=prod ');
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
