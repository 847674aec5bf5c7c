// The Go text/template engine on its own. Expected outputs are what Go's text/template and fmt
// print for the same template and data (map[string]interface{} from JSON: numbers are float64).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  compileGoTemplate,
  GoMap,
  TemplateExecError,
  TemplateSyntaxError,
} from '../../../src/router/template/index.js';
import { formatFloat, formatValue } from '../../../src/router/template/values.js';

const data = new GoMap({
  a: 1,
  b: 1.5,
  big: 1e21,
  mega: 1e6,
  n: null,
  s: 'x<y',
  arr: ['p', 2],
  m: 123456,
  t: true,
  e: '',
});
const run = (source: string, escape?: (t: string) => string) => compileGoTemplate(source).render(data, escape);

describe('Go template printing', () => {
  test('float64 as %v prints it: shortest digits, exponent from 1e+06 on and below 1e-04', () => {
    assert.equal(run('{{ .a }} {{ .b }} {{ .big }} {{ .mega }} {{ .m }}'), '1 1.5 1e+21 1e+06 123456');
    assert.deepEqual(
      [0.1 + 0.2, 1e-5, 0.0001, 1234567, -0, 100000, 1e20].map((x) => formatFloat(x, 'g', -1)),
      ['0.30000000000000004', '1e-05', '0.0001', '1.234567e+06', '-0', '100000', '1e+20'],
    );
  });
  test('nil and missing values: <no value> from an action, <nil> inside fmt, slices [a b], maps sorted', () => {
    assert.equal(
      run('{{ .n }} {{ .zz }} {{ .zz.yy }} {{ print .zz }} {{ .arr }}'),
      '<no value> <no value> <no value> <nil> [p 2]',
    );
    assert.equal(formatValue(data), 'map[a:1 arr:[p 2] b:1.5 big:1e+21 e: m:123456 mega:1e+06 n:<nil> s:x<y t:true]');
  });
  test('literals: ints, floats, hex, octal, underscores, runes, raw strings, escapes', () => {
    assert.equal(
      run("{{ 0x1F }} {{ 1_000 }} {{ -1.5e3 }} {{ 'a' }} {{ 017 }} {{ 1e3 }} {{ 2.0 }} {{ true }}"),
      '31 1000 -1500 97 15 1000 2 true',
    );
    assert.equal(run('{{ `a\\n"b"` }}|{{ "tab\\there \\u00e9 \\x41" }}'), 'a\\n"b"|tab\there é A');
  });
  test('print, println, printf', () => {
    assert.equal(run('{{ print 1 2 "a" "b" 3 nil }}|{{ println 1 "a" }}|'), '1 2ab3 <nil>|1 a\n|');
    assert.equal(
      run(
        '{{ printf "%5.2f|%-4s|%q|%x|%d|%v|%03d|%05s|%+d|% d|%X|%c|%t|%T|%%" .b "ab" "a\\"b\\n" "hi" 42 .arr 7 "ab" 5 5 255 65 true .b }}',
      ),
      ' 1.50|ab  |"a\\"b\\n"|6869|42|[p 2]|007|000ab|+5| 5|FF|A|true|float64|%',
    );
    assert.equal(
      run(
        '{{ printf "%g %e %.3g %G %.2f %.1f %.0f %8.3f|%-10.2e|" 100000000.0 1234.5678 3.14159 1e-7 0.125 0.25 2.5 3.14159 1234.5 }}',
      ),
      '1e+08 1.234568e+03 3.14 1E-07 0.12 0.2 2    3.142|1.23e+03  |',
    );
    assert.equal(run('{{ printf "%.3s|%6.2f|%06.2f|%x|%q" "abcdef" -1.5 -1.5 -255 65 }}'), "abc| -1.50|-01.50|-ff|'A'");
  });
  test('printf with a wrong type, a missing or extra argument, or an unknown verb prints Go’s %! text', () => {
    assert.equal(
      run(
        '{{ printf "%d" .a }} {{ printf "%s" }} {{ printf "%s" "a" "b" }} {{ printf "%z" "q" }} {{ printf "%s" nil }} {{ printf "%s" 5 }}',
      ),
      '%!d(float64=1) %!s(MISSING) a%!(EXTRA string=b) %!z(string=q) %!s(<nil>) %!s(int=5)',
    );
  });
  test('printf verbs Go has and Kestrel does not fail the render', () => {
    assert.throws(() => run('{{ printf "%b" 1 }}'), /1:4: executing <printf "%b" 1>: printf: verb %b is not supported/);
    assert.throws(() => run('{{ printf "%x" 1.5 }}'), /%x of a float64 is not supported/);
  });
  test('html, js, urlquery', () => {
    assert.equal(
      run(`{{ html "<a href='x'>&\\"" }} {{ js "a'b<\\\\" }} {{ urlquery "a b&c/é" }} {{ html .zz }}`),
      "&lt;a href=&#39;x&#39;&gt;&amp;&#34; a\\'b\\u003C\\\\ a+b%26c%2F%C3%A9 &lt;no value&gt;",
    );
  });
});

describe('Go template control structures and functions', () => {
  test('if / else if / else, with / else, truthiness of empty values', () => {
    assert.equal(run('{{ if eq .s "x<y" }}yes{{ else }}no{{ end }}'), 'yes');
    assert.equal(run('{{ if .e }}1{{ else if .zz }}2{{ else if .arr }}3{{ else }}4{{ end }}'), '3');
    assert.equal(
      run('{{ with .s }}[{{ . }}]{{ end }}{{ with .zz }}x{{ else }}none{{ end }}{{ with $v := .b }}{{ $v }}{{ end }}'),
      '[x<y]none1.5',
    );
  });
  test('range over slices, maps (sorted keys), ints; else when empty; break and continue', () => {
    assert.equal(
      run('{{ range $k, $v := . }}{{ $k }}={{ $v }};{{ end }}'),
      'a=1;arr=[p 2];b=1.5;big=1e+21;e=;m=123456;mega=1e+06;n=<no value>;s=x<y;t=true;',
    );
    assert.equal(
      run('{{ range .arr }}[{{ . }}]{{ else }}empty{{ end }}{{ range .zz }}x{{ else }}empty{{ end }}'),
      '[p][2]empty',
    );
    assert.equal(
      run('{{ range $i, $e := .arr }}{{ if eq $i 1 }}{{ break }}{{ end }}{{ $i }}:{{ $e }}{{ end }}'),
      '0:p',
    );
    assert.equal(
      run(
        '{{ range $i, $e := .arr }}{{ if eq $i 0 }}{{ continue }}{{ end }}{{ $e }}{{ end }}{{ range 3 }}{{ . }}{{ end }}',
      ),
      '2012',
    );
  });
  test('variables: $ is the root, := declares, = assigns, scope ends with the block', () => {
    assert.equal(
      run('{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }} {{ with .arr }}{{ $.s }}{{ end }}'),
      '2 x<y',
    );
    assert.throws(
      () => compileGoTemplate('{{ if true }}{{ $y := 1 }}{{ end }}{{ $y }}'),
      /1:39: undefined variable "\$y"/,
    );
  });
  test('pipelines, parentheses, and/or returning the deciding value, not, comparisons', () => {
    assert.equal(
      run('{{ (len .arr) }} {{ .arr | len }} {{ "abc" | printf "%s-%s" "x" }} {{ (index .arr 0) | printf "%q" }}'),
      '2 2 x-abc "p"',
    );
    assert.equal(
      run('{{ and 1 0 }} {{ and 1 "z" }} {{ or 0 "" "z" }} {{ or .zz .e }} {{ not 0 }} {{ not .s }}'),
      '0 z z  true false',
    );
    assert.equal(
      run(
        '{{ lt 1 2 }} {{ lt "a" "b" }} {{ ge 2.5 2.5 }} {{ gt .b 1.0 }} {{ le 3 2 }} {{ eq 1 2 3 1 }} {{ ne "a" "b" }} {{ eq .zz "x" }}',
      ),
      'true true true true false true true false',
    );
  });
  test('len counts bytes of a string; index and slice on strings, slices and maps', () => {
    assert.equal(
      run(
        '{{ len "héllo" }} {{ index .arr 1 }} {{ index "abc" 1 }} {{ slice "abcdef" 1 3 }} {{ slice .arr 1 }} {{ index . "s" }} {{ index . "zz" }}',
      ),
      '6 2 98 bc [2] x<y <no value>',
    );
  });
  test('escape applies to what actions print, not to the template text', () => {
    assert.equal(
      run('<{{ .s }}>{{ "<lit>" }}', (t) => t.replace(/</g, '&lt;')),
      '<x&lt;y>&lt;lit>',
    );
  });
});

describe('Go template errors', () => {
  test('render errors stop the render with the position and the action, keeping the output so far', () => {
    for (const [source, msg] of [
      ['{{ eq 1 1.0 }}', '1:4: executing <eq 1 1.0>: error calling eq: incompatible types for comparison'],
      ['ab {{ index .arr 5 }}', '1:7: executing <index .arr 5>: error calling index: index out of range: 5'],
      ['{{ index .b 1 }}', "1:4: executing <index .b 1>: error calling index: can't index item of type float64"],
      ['{{ lt true false }}', '1:4: executing <lt true false>: error calling lt: invalid type for comparison'],
      ['{{ len .b }}', '1:4: executing <len .b>: error calling len: len of type float64'],
      ['{{ .n.x }}', '1:4: executing <.n.x>: nil pointer evaluating interface {}.x'],
      ['{{ .s.x }}', "1:4: executing <.s.x>: can't evaluate field x in type string"],
      ['{{ range .s }}{{ end }}', "1:10: executing <.s>: range can't iterate over x<y"],
      ['{{ slice .arr 2 1 }}', '1:4: executing <slice .arr 2 1>: error calling slice: invalid slice index: 2 > 1'],
    ] as const)
      assert.throws(
        () => run(source),
        (e: unknown) => e instanceof TemplateExecError && e.message === msg,
        source,
      );
    assert.throws(
      () => run('kept {{ index .arr 9 }} lost'),
      (e: unknown) => e instanceof TemplateExecError && e.partial === 'kept ',
    );
  });
  test('parse errors name line:col and what is wrong', () => {
    for (const [source, msg] of [
      ['{{ .a | .b }}', "1:9: can't give argument to non-function b"],
      ['{{ "a" | "b" }}', 'non executable command in pipeline stage 2'],
      ['{{ foo }}', '1:4: function "foo" not defined'],
      ['{{ $y }}', '1:4: undefined variable "$y"'],
      ['x\n{{ if 1 }}', '2:11: unexpected EOF: {{if}} at 2:4 has no {{end}}'],
      ['{{ else }}', '1:4: unexpected {{else}}'],
      ['a\n {{ .a ', '2:2: unclosed action'],
      ['{{ break }}', '1:4: {{break}} outside {{range}}'],
      ['{{ not 1 2 }}', '1:4: wrong number of args for not: want 1 got 2'],
      ['{{ 1.2.3 }}', '1:4: bad number syntax: "1.2."'],
      ['{{ nil }}', '1:4: nil is not a command'],
      ['{{ 99999999999999999999 }}', '1:4: number 99999999999999999999 overflows int'],
      ['{{ 3i }}', '1:4: complex number 3i is not supported'],
      ['{{ "abc }}', '1:4: unterminated quoted string'],
      ['{{/* c */ .a }}', '1:10: comment ends before closing delimiter'],
      ['{{ block "x" . }}{{ end }}', '1:4: {{block}} is not supported (define, template and block are refused)'],
      ['{{ .a% }}', '1:6: bad character "%"'],
    ] as const)
      assert.throws(
        () => compileGoTemplate(source),
        (e: unknown) => e instanceof TemplateSyntaxError && e.message.endsWith(msg),
        `${source} → ${msg}`,
      );
  });
});
