// The values templates see, modelled on what Go's reflection would hand text/template for
// Falcosidekick's payload: string, float64 (every JSON number), int (literals, len, range
// indices; a bigint here so int and float64 stay distinct types as in Go), bool, nil, slices,
// map[string]interface{} and the payload struct. `undefined` is Go's invalid value (a missing
// map key); `null` a nil interface (a JSON null).

export type GoValue = undefined | null | string | number | bigint | boolean | readonly GoValue[] | GoMap | GoStruct;

export class GoMap {
  constructor(readonly entries: Readonly<Record<string, GoValue>>) {}
  get(key: string): GoValue {
    return Object.prototype.hasOwnProperty.call(this.entries, key) ? this.entries[key] : undefined;
  }
  /** Keys in Go's order for printing and range: sorted by bytes (UTF-8). */
  sortedKeys(): string[] {
    return Object.keys(this.entries).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  }
}

export class GoStruct {
  constructor(
    readonly typeName: string,
    readonly fields: ReadonlyArray<readonly [string, GoValue]>,
  ) {}
  has(name: string): boolean {
    return this.fields.some(([n]) => n === name);
  }
  get(name: string): GoValue {
    return this.fields.find(([n]) => n === name)?.[1];
  }
}

export function isNil(v: GoValue): v is null | undefined {
  return v === null || v === undefined;
}

export function typeName(v: GoValue): string {
  if (isNil(v)) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  if (v instanceof GoMap) return 'map[string]interface {}';
  return (v as GoStruct).typeName;
}

/** Go's truth for if, with, and, or, not: the zero value, nil and empty collections are false. */
export function truth(v: GoValue): boolean {
  if (isNil(v)) return false;
  if (typeof v === 'string') return v !== '';
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'bigint') return v !== 0n;
  if (typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof GoMap) return Object.keys(v.entries).length > 0;
  return true;
}

/** fmt's %v: nil as <nil>, slices as [a b], maps as map[k:v] sorted, structs as {a b}. */
export function formatValue(v: GoValue): string {
  if (isNil(v)) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatFloat(v, 'g', -1);
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${(v as readonly GoValue[]).map(formatValue).join(' ')}]`;
  if (v instanceof GoMap)
    return `map[${v
      .sortedKeys()
      .map((k) => `${k}:${formatValue(v.get(k))}`)
      .join(' ')}]`;
  return `{${(v as GoStruct).fields.map(([, f]) => formatValue(f)).join(' ')}}`;
}

/** What an action prints: as fmt.Fprint does, but an invalid or nil result is "<no value>". */
export function printAction(v: GoValue): string {
  return isNil(v) ? '<no value>' : formatValue(v);
}

// ---- float64 formatting as Go's strconv/fmt do it ----

/** Exact decimal rounding: round-half-even of |x| · 10^k, from the float's binary value. */
function roundScaled(x: number, k: number): bigint {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const expBits = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let e2: number;
  if (expBits === 0) e2 = -1074;
  else {
    mant |= 1n << 52n;
    e2 = expBits - 1075;
  }
  let num = mant * (k >= 0 ? 10n ** BigInt(k) : 1n) * (e2 >= 0 ? 2n ** BigInt(e2) : 1n);
  const den = (k < 0 ? 10n ** BigInt(-k) : 1n) * (e2 < 0 ? 2n ** BigInt(-e2) : 1n);
  const q = num / den;
  num -= q * den;
  if (num * 2n > den || (num * 2n === den && q % 2n === 1n)) return q + 1n;
  return q;
}

/** Digits and decimal exponent of |x|: shortest round-trip digits (prec < 0) or `prec` significant ones. */
function decimalDigits(x: number, prec: number): { digits: string; exp: number } {
  const [m, e] = Math.abs(x).toExponential().split('e');
  let exp = Number(e);
  if (prec < 0) return { digits: m.replace('.', ''), exp };
  const p = Math.max(prec, 1);
  let n = roundScaled(x, p - 1 - exp);
  if (n >= 10n ** BigInt(p)) {
    n /= 10n;
    exp++;
  }
  return { digits: n.toString(), exp };
}

function expForm(neg: boolean, digits: string, decimals: number, exp: number, upper: boolean): string {
  const d = digits.padEnd(decimals + 1, '0');
  const mant = decimals > 0 ? `${d[0]}.${d.slice(1, decimals + 1)}` : d[0];
  const ex = `${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return `${neg ? '-' : ''}${mant}${upper ? 'E' : 'e'}${ex}`;
}

function fixedForm(x: number, decimals: number): string {
  const n = roundScaled(x, decimals)
    .toString()
    .padStart(decimals + 1, '0');
  const int = n.slice(0, n.length - decimals);
  const text = decimals > 0 ? `${int}.${n.slice(n.length - decimals)}` : int;
  return `${x < 0 || Object.is(x, -0) ? '-' : ''}${text}`;
}

/** strconv.FormatFloat(x, fmt, prec, 64) for fmt in e E f g G. */
export function formatFloat(x: number, fmt: 'e' | 'E' | 'f' | 'g' | 'G', prec: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  const neg = x < 0 || Object.is(x, -0);
  if (fmt === 'f') return fixedForm(x, prec < 0 ? 6 : prec);
  if (fmt === 'e' || fmt === 'E') {
    if (x === 0) return expForm(neg, '0', prec, 0, fmt === 'E');
    const { digits, exp } = decimalDigits(x, prec + 1);
    return expForm(neg, digits, prec, exp, fmt === 'E');
  }
  // %g: shortest digits decide with precision 6 whether to use an exponent (1e+06, 123456).
  const shortest = prec < 0;
  const dec = x === 0 ? { digits: '0', exp: 0 } : decimalDigits(x, prec === 0 ? 1 : prec);
  const exp = dec.exp;
  const digits = shortest ? dec.digits : dec.digits.replace(/0+$/, '') || '0';
  let eprec = shortest ? 6 : prec === 0 ? 1 : prec;
  const nd = digits.length;
  const dp = exp + 1;
  if (!shortest && eprec > nd && nd >= dp) eprec = nd;
  if (exp < -4 || exp >= eprec) return expForm(neg, digits, nd - 1, exp, fmt === 'G');
  let text: string;
  if (dp <= 0) text = `0.${'0'.repeat(-dp)}${digits}`;
  else if (dp >= nd) text = digits + '0'.repeat(dp - nd);
  else text = `${digits.slice(0, dp)}.${digits.slice(dp)}`;
  return `${neg ? '-' : ''}${text}`;
}
