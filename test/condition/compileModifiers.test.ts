// Comparison modifiers, checked against libsinsp's own expectations for every operator.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluate } from './helpers/compile.js';

const evt = { 'proc.name': 'myexe', 'proc.pid': 5, 'fd.net': '10.1.1.1' };
const yes = (text: string) => assert.equal(evaluate(text, evt), true, text);
const no = (text: string) => assert.equal(evaluate(text, evt), false, text);

describe('oneof / anyof / allof', () => {
  test('==', () => {
    yes('proc.name == oneof (myexe, bash)');
    yes('proc.name == oneof (myexe)');
    no('proc.name == oneof (bash, sh)');
    no('proc.name == oneof (myexe, myexe)');
    yes('proc.name == anyof (myexe, bash)');
    no('proc.name == anyof (bash, sh)');
    yes('proc.name == anyof (myexe, myexe)');
    yes('proc.name == allof (myexe)');
    no('proc.name == allof (myexe, bash)');
    no('proc.name == allof (bash, sh)');
    yes('proc.name == allof (myexe, myexe)');
  });

  test('!=', () => {
    yes('proc.name != oneof (myexe, myexe, bash)');
    no('proc.name != oneof (myexe, myexe)');
    no('proc.name != oneof (bash, sh)');
    yes('proc.name != oneof (myexe, bash)');
    yes('proc.name != anyof (bash, sh)');
    yes('proc.name != anyof (myexe, bash)');
    yes('proc.name != allof (bash, sh)');
    no('proc.name != allof (myexe, bash)');
  });

  test('contains / icontains', () => {
    yes('proc.name contains oneof (myex, bash)');
    yes('proc.name contains oneof (exe)');
    no('proc.name contains oneof (bash, sh)');
    no('proc.name contains oneof (my, exe)');
    yes('proc.name contains anyof (my, exe)');
    yes('proc.name contains allof (my, exe)');
    no('proc.name contains allof (myex, bash)');
    yes('proc.name icontains oneof (MYEX, BASH)');
    no('proc.name icontains oneof (MY, EXE)');
    yes('proc.name icontains anyof (MY, EXE)');
    yes('proc.name icontains allof (MY, EXE)');
    no('proc.name icontains allof (BASH, SH)');
  });

  test('startswith / endswith', () => {
    yes('proc.name startswith oneof (my, bash)');
    no('proc.name startswith oneof (my, mye)');
    yes('proc.name startswith anyof (my, mye)');
    yes('proc.name startswith allof (my, mye)');
    no('proc.name startswith allof (my, bash)');
    yes('proc.name endswith oneof (exe, sh)');
    no('proc.name endswith oneof (exe, yexe)');
    yes('proc.name endswith anyof (exe, yexe)');
    yes('proc.name endswith allof (exe, yexe)');
    no('proc.name endswith allof (exe, sh)');
  });

  test('glob / iglob / regex', () => {
    yes('proc.name glob oneof (my*, bash)');
    no('proc.name glob oneof (my*, *exe)');
    yes('proc.name glob allof (my*, *exe)');
    yes('proc.name iglob anyof (MY*, BASH)');
    no('proc.name iglob allof (BASH, SH*)');
    yes('proc.name regex oneof (my.*, b.*)');
    no('proc.name regex oneof (my.*, .*exe)');
    yes('proc.name regex allof (my.*, .*exe)');
    no('proc.name regex anyof (b.*, sh.*)');
  });

  test('on transformed fields', () => {
    yes('toupper(proc.name) == oneof (MYEXE, BASH)');
    yes('toupper(proc.name) != allof (BASH, SH)');
    no('toupper(proc.name) != allof (MYEXE, BASH)');
  });

  test('an empty list never matches', () => {
    for (const m of ['oneof', 'anyof', 'allof']) {
      no(`proc.name == ${m} ()`);
      no(`proc.name != ${m} ()`);
    }
  });

  test('numbers and networks', () => {
    yes('proc.pid = anyof (1, 5)');
    yes('proc.pid != allof (1, 2)');
    yes('fd.net = oneof (10.0.0.0/8, 192.168.0.0/16)');
    no('fd.net = oneof (10.0.0.0/8, 10.1.0.0/16)');
  });

  test('combined with and / or', () => {
    yes('proc.name == oneof (myexe) and proc.name != allof (bash, sh)');
    no('proc.name == oneof (myexe) and proc.name != allof (myexe, bash)');
    yes('proc.name == anyof (myexe, bash) or proc.name != oneof (myexe)');
  });
});
