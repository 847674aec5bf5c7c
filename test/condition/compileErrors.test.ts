import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConditionCompileError, compileCondition, parseCondition } from '../../src/condition/index.js';
import { FieldError } from '../../src/fields/types.js';
import { objectSource } from './helpers/objectSource.js';

/** Asserts a compile error with Falco's message, at the offset of the offending node. */
function fails(text: string, message: string, offset: number, eventTypes?: ReadonlySet<string>): ConditionCompileError {
  try {
    compileCondition(parseCondition(text), objectSource(undefined, { eventTypes }));
  } catch (e) {
    assert.ok(e instanceof ConditionCompileError, `expected ConditionCompileError, got ${e}`);
    assert.equal(e.message, message);
    assert.equal(e.pos.offset, offset, `offset of ${JSON.stringify(text)}`);
    return e;
  }
  return assert.fail(`expected ${JSON.stringify(text)} to fail`);
}

describe('compile errors: fields and macros', () => {
  test('unknown fields report libsinsp wording and keep the FieldError as cause', () => {
    const e = fails('proc.name = a and proc.nme = b', 'filter_check called with nonexistent field proc.nme', 18);
    assert.ok(e.cause instanceof FieldError);
    fails('tolower(foo.bar) = x', 'filter_check called with nonexistent field foo.bar', 8);
    fails('proc.name = val(foo.bar)', 'filter_check called with nonexistent field foo.bar', 16);
  });

  test('argument problems come from the source', () => {
    fails('ka.uri.param = x', 'filter ka.uri.param requires an argument', 0);
    fails('proc.name[1] = x', 'filter proc.name does not support arguments', 0);
  });

  test('a macro reference left in the tree is an undefined macro', () => {
    fails('proc.name = a and not my_macro', "Undefined macro 'my_macro' used in filter.", 22);
  });
});

describe('compile errors: operators and types', () => {
  test('numeric fields refuse string operators', () => {
    fails('proc.pid contains 1', "filter error: 'contains' operator not supported for numeric filters", 0);
    fails('proc.pid glob 1', "filter error: 'glob' operator not supported for numeric filters", 0);
    fails('proc.pid pmatch (1)', "filter error: 'pmatch' operator not supported for numeric filters", 0);
    fails('proc.cpu startswith 1', "filter error: 'startswith' operator not supported for numeric filters", 0);
  });

  test('booleans only compare for (in)equality', () => {
    fails('evt.is_open_read > 0', "filter error: '>' operator not supported for numeric filters", 0);
  });

  test('strings refuse byte operators', () => {
    fails('proc.name bcontains 41', "filter error: 'bcontains' operator not supported for string filters", 0);
    fails('proc.name bstartswith 41', "filter error: 'bstartswith' operator not supported for string filters", 0);
  });

  test('buffers refuse glob, icontains and orderings', () => {
    fails('evt.buffer glob x', "filter error: 'glob' operator not supported for buffer filters", 0);
    fails('evt.buffer icontains x', "filter error: 'icontains' operator not supported for buffer filters", 0);
    fails('evt.buffer < 1', "filter error: '<' operator not supported for buffer filters", 0);
  });

  test('addresses refuse everything but equality and membership', () => {
    fails('fd.sip contains 1', "filter error: 'contains' operator not supported for ip address and network filters", 0);
    fails(
      'fd.net startswith 1',
      "filter error: 'startswith' operator not supported for ip address and network filters",
      0,
    );
  });

  test('list fields only support in, intersects and exists (== reported as =)', () => {
    fails('proc.args = a', "filter error: '=' operator not supported list filters", 0);
    fails('proc.args == a', "filter error: '=' operator not supported list filters", 0);
    fails('proc.args contains a', "filter error: 'contains' operator not supported list filters", 0);
    fails('proc.args = anyof (a)', "filter error: '=' operator not supported list filters", 0);
    fails('k.ints in (1)', "list filters are not supported for type 'INT64'".replace(/^/, 'filter error: '), 0);
  });

  test('transformed types are checked', () => {
    fails('len(proc.name) contains 1', "filter error: 'contains' operator not supported for numeric filters", 4);
  });
});

describe('compile errors: literals', () => {
  test('numbers', () => {
    fails('proc.pid = abc', 'abc is not a valid number', 11);
    fails('proc.pid > 0x10', '0x10 is not a valid number', 11);
    fails('proc.pid < 1.5', '1.5 is not a valid number', 11);
    fails('proc.pid in (1, x)', 'x is not a valid number', 12);
    fails('proc.cpu = 1e', '1e is not a valid number', 11);
  });

  test('booleans', () => {
    fails('evt.is_open_read = yes', 'filter error: unrecognized boolean value yes', 19);
    fails('evt.is_open_read = TRUE', 'filter error: unrecognized boolean value TRUE', 19);
  });

  test('addresses and networks', () => {
    fails('fd.sip = 1.2.3', 'unrecognized IPv4 address 1.2.3', 9);
    fails('fd.sip = 01.2.3.4', 'unrecognized IPv4 address 01.2.3.4', 9);
    fails('fd.sip = 10.0.0.0/8', 'unrecognized IPv4 address 10.0.0.0/8', 9);
    fails('fd.sip = "::g"', 'unrecognized IPv6 address ::g', 9);
    fails('fd.net = 10.0.0.1', 'unrecognized IP network 10.0.0.1', 9);
    fails('fd.net = 10.0.0.256/8', 'unrecognized IP address 10.0.0.256/8', 9);
    fails('fd.net = 10.0.0.0/33', 'invalid netmask 33', 9);
    fails('fd.net = 10.0.0.0/x', 'x is not a valid number', 9);
    fails('fd.net = "2001:db8::"', 'invalid v6 netmask: 2001:db8::', 9);
    fails('fd.net = "2001:db8::/0"', 'invalid v6 netmask 0', 9);
    fails('fd.net = "2001:zb8::/8"', 'unrecognized IPv6 address 2001:zb8::/8', 9);
  });

  test('ports', () => {
    fails('fd.sport = nosuchservice', 'unrecognized protocol nosuchservice', 11);
  });

  test('hex for bcontains / bstartswith', () => {
    fails('evt.buffer bcontains xyz', 'filter error: bcontains and bstartswith operator support hex strings only', 21);
    fails(
      'evt.buffer bstartswith 123',
      'filter error: bcontains and bstartswith operator support hex strings only',
      23,
    );
  });

  test('regexes RE2 refuses in POSIX mode', () => {
    fails('proc.name regex "\\\\d+"', 'invalid regex pattern: invalid escape sequence: \\d', 16);
    fails('proc.name regex "(?:a)"', 'invalid regex pattern: missing argument to repetition operator: ?', 16);
    fails('proc.name regex "a*?"', 'invalid regex pattern: bad repetition operator: *?', 16);
    fails(
      'proc.name regex "(a"',
      'invalid regex pattern: Invalid regular expression: /(?:(a)(?![\\s\\S])/my: Unterminated group',
      16,
    );
    fails('proc.name regex "[a"', 'invalid regex pattern: missing ]: [a', 16);
    fails('proc.name regex "\\\\1"', 'invalid regex pattern: invalid escape sequence: \\1', 16);
  });

  test('field-level validation of literals (unknown evt.type names)', () => {
    const types = new Set(['open', 'execve']);
    fails('evt.type in (open, nosuch)', 'unknown event type nosuch', 12, types);
    assert.doesNotThrow(() =>
      compileCondition(parseCondition('evt.type = open'), objectSource(undefined, { eventTypes: types })),
    );
  });

  test('a list where a single value is expected (only from rewritten trees)', () => {
    const ast = parseCondition('proc.name = x');
    if (ast.kind !== 'binary') return assert.fail();
    const rewritten = { ...ast, value: { kind: 'list' as const, items: [], pos: ast.value.pos } };
    assert.throws(() => compileCondition(rewritten, objectSource()), {
      message: "filter error: operator '=' expects a single value, not a list",
    });
  });

  test('a modifier on a list operator (only from rewritten trees)', () => {
    const ast = parseCondition('proc.name in (x)');
    if (ast.kind !== 'binary') return assert.fail();
    assert.throws(() => compileCondition({ ...ast, modifier: 'anyof' }, objectSource()), {
      message: "filter error: operator 'in' does not support modifiers",
    });
  });
});

describe('compile errors: transformers and right-hand fields', () => {
  test('transformer input types', () => {
    fails(
      'tolower(proc.pid) = 1',
      "can't add field transformer: type 'INT64' is not supported by 'tolower' transformer applied on field 'proc.pid'",
      8,
    );
    fails(
      'b64(fd.name) = x',
      "can't add field transformer: type 'FSPATH' is not supported by 'b64' transformer applied on field 'fd.name'",
      4,
    );
    fails(
      'len(proc.pid) = 1',
      "can't add field transformer: type 'INT64' is not supported by 'len' transformer applied on field 'proc.pid'",
      4,
    );
    fails(
      'basename(k.ips) = x',
      "can't add field transformer: type 'IPADDR' is not supported by 'basename' transformer applied on list field 'k.ips'",
      9,
    );
  });

  test('arity and arguments', () => {
    fails('tolower(proc.name, proc.pname) = x', "filter error: transformer 'tolower' expects exactly one argument", 0);
    fails('tolower(proc.name)[x] = a', "transformer 'tolower' does not support field arguments", 0);
    fails('join(",", proc.args)[x] = a', "transformer 'join' does not support field arguments", 10);
    fails('join(proc.args) = a', 'join() requires exactly 2 arguments: separator and list', 5);
    fails('join(proc.args, proc.args) = a', 'join() first argument (separator) must be a single value, not a list', 16);
    fails('join(",", proc.name) = a', 'join() second argument must be a list', 10);
    fails('concat(proc.name) = a', 'concat() requires at least 2 arguments', 7);
    fails('concat(proc.name, fd.name) = a', 'concat() arguments must be strings', 18);
    fails('concat(proc.name, proc.args) = a', 'concat() arguments must be strings', 18);
    fails('getopt(proc.args) = a', 'getopt() requires exactly 2 arguments: args list and optstring', 7);
    fails('getopt(proc.name, "x") = a', 'getopt() first argument must be a list', 18);
    fails('getopt(proc.args, proc.env) = a', 'getopt() second argument (optstring) must be a single value', 18);
    fails('getopt(proc.args, proc.pid) = a', 'getopt() arguments must be strings', 18);
    fails('getopt(proc.args, "x")[xy] = a', 'getopt() field argument must be a single option character', 18);
  });

  test('right-hand fields', () => {
    fails(
      'proc.name = val(proc.pid)',
      "field 'proc.name' has type 'CHARBUF' while the right-hand side field 'proc.pid' has incompatible type 'INT64'",
      16,
    );
    fails(
      'proc.name in val(proc.args)',
      "field 'proc.name' has type 'CHARBUF' while the right-hand side field 'proc.args' has incompatible type 'CHARBUF (list)'",
      17,
    );
    fails('fd.name pmatch val(fd.directory)', "operator 'PMATCH' doesn't support right-hand side fields", 19);
    fails('proc.name regex val(proc.pname)', "operator 'REGEX' doesn't support right-hand side fields", 20);
    fails('fd.net = val(fd.net)', "field type 'IPNET' doesn't support right-hand side fields", 13);
  });
});
