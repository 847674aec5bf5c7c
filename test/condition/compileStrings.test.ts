import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluate } from './helpers/compile.js';

const e = { 'proc.name': 'MyExe', 'fd.name': '/opt/dir/subdir/file.txt', 'proc.cmdline': 'java -jar app.jar' };
const is = (text: string, expected: boolean, evt: Record<string, unknown> = e) =>
  assert.equal(evaluate(text, evt as never), expected, text);

describe('string comparisons', () => {
  test('= == != are exact and case-sensitive', () => {
    is('proc.name = MyExe', true);
    is('proc.name == MyExe', true);
    is('proc.name = myexe', false);
    is('proc.name != myexe', true);
    is('proc.name != MyExe', false);
  });

  test('ordering compares like strcmp (numeric operators only take number tokens)', () => {
    const n = { 'proc.name': '10' };
    is('proc.name < 9', true, n);
    is('proc.name <= 10', true, n);
    is('proc.name > 1', true, n);
    is('proc.name >= 2', false, n);
  });

  test('contains / startswith / endswith are case-sensitive; empty needles match', () => {
    is('proc.cmdline contains "-jar"', true);
    is('proc.cmdline contains JAR', false);
    is('proc.cmdline contains ""', true);
    is('proc.name startswith My', true);
    is('proc.name startswith my', false);
    is('proc.name endswith Exe', true);
    is('proc.name endswith exe', false);
  });

  test('icontains folds ASCII case only', () => {
    is('proc.name icontains myexe', true);
    is('proc.name icontains YEX', true);
    is('proc.name icontains other', false);
    is('proc.name icontains "É"', false, { 'proc.name': 'é' });
    is('proc.name icontains "é"', true, { 'proc.name': 'Xé' });
  });

  test('glob is fnmatch without flags: * and ? cross slashes, brackets, escapes', () => {
    is('fd.name glob "/opt/*"', true);
    is('fd.name glob "/opt/*.txt"', true);
    is('fd.name glob "/opt/di?/*"', true);
    is('fd.name glob "/opt/di[a-r]/*"', true);
    is('fd.name glob "/opt/di[!r]/*"', false);
    is('fd.name glob "/opt/di[[:alpha:]]/*"', true);
    is('fd.name glob "/OPT/*"', false);
    is('fd.name glob "/opt"', false);
    is(String.raw`proc.name glob a\*b`, true, { 'proc.name': 'a*b' });
    is(String.raw`proc.name glob "a\\*b"`, false, { 'proc.name': 'axb' });
    is('proc.name glob "a[b"', true, { 'proc.name': 'a[b' });
    is('proc.name glob ".*"', true, { 'proc.name': '.hidden' });
    // a trailing backslash never matches
    is('proc.name glob x\\', false, { 'proc.name': 'x\\' });
  });

  test('iglob folds case', () => {
    is('fd.name iglob "/OPT/*.TXT"', true);
    is('proc.name iglob "my*"', true);
  });

  test('regex must match the whole value (RE2 full match)', () => {
    is('proc.name regex "My.*"', true);
    is('proc.name regex "y.*"', false);
    is('proc.name regex "My"', false);
    is('proc.name regex "(My|Your)Exe"', true);
    is('proc.name regex "[[:upper:]][[:lower:]]+[[:upper:]]xe"', true);
    is('proc.name regex "a|ab"', true, { 'proc.name': 'ab' });
    is('proc.name regex "a.b"', false, { 'proc.name': 'a\nb' });
  });

  test('in and intersects on a single value are set membership', () => {
    is('proc.name in (bash, MyExe)', true);
    is('proc.name in (bash, myexe)', false);
    is('proc.name intersects (MyExe)', true);
    is('proc.name in ()', false);
  });

  test('pmatch matches path prefixes component by component, with glob components', () => {
    for (const [paths, expected] of [
      ['(/opt/dir)', true],
      ['(/opt/dir/subdir)', true],
      ['(/opt/dir2)', false],
      ['(/opt/dir, /opt/dir2)', true],
      ['(/opt/dir3, /opt/dir2)', false],
      ['(/opt/*)', true],
      ['(/opt/*/subdir)', true],
      ['(/opt/di?/subdir)', true],
      ['(/opt/dii?/subdir)', false],
      ['(/opt/di[r]/subdir)', true],
      ['(/opt/di[!r]/subdir)', false],
      ['(/opt/di/subdir)', false],
      ['(/opt/di[t]/subdir)', false],
      ['(/opt/*/subdir2)', false],
      ['(/opt/*/*)', true],
      ['(/opt/*/*/subsubdir)', false],
      ['(/)', true],
      ['(/opt/d)', false],
    ] as const) {
      is(`fd.name pmatch ${paths}`, expected);
    }
    is('fd.name pmatch (/var/run)', false, { 'fd.name': '/var' });
    is('fd.name pmatch (/var/run, /var)', true, { 'fd.name': '/var/lib' });
    is('fd.name pmatch (/var, /var/run)', true, { 'fd.name': '/var/lib' });
  });

  test('FSPATH fields compare as strings', () => {
    is('proc.exepath = /usr/bin/x', true, { 'proc.exepath': '/usr/bin/x' });
  });
});
