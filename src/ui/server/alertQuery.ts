// The alert filters, sort and page of GET /api/v1/alerts (and of the export), from the query.

import { priorityRank } from '../../router/priority.js';
import type { AlertFilter, ListRequest, PageCursor } from '../store/types.js';
import {
  boolParam,
  choiceParam,
  durationParam,
  intParam,
  ParamError,
  type Query,
  rejectUnknown,
  single,
  timeParam,
  values,
} from './params.js';

const FILTER_PARAMS = [
  'from',
  'to',
  'window',
  'priority',
  'rule',
  'source',
  'hostname',
  'namespace',
  'pod',
  'image',
  'q',
  'acknowledged',
  'muted',
] as const;
export const LIST_PARAMS = new Set<string>([...FILTER_PARAMS, 'sort', 'order', 'limit', 'cursor']);
export const EXPORT_PARAMS = new Set<string>([...FILTER_PARAMS, 'sort', 'order', 'limit', 'format', 'csvFormulas']);
export const MAX_PAGE = 1000;
/** Free text is found through a trigram index: a query needs a word at least this long to use it. */
export const MIN_WORD = 3;
const MAX_LIST_VALUES = 100;

/**
 * Words of the free text: whitespace separates them, and a double quote starts a phrase that runs
 * to the next double quote (spaces kept, the quotes not searched). Every other character, an
 * unpaired `"` too, is searched as itself. Shorter words are allowed beside a word of MIN_WORD
 * characters, which keeps every search an index lookup; alone they would scan every alert.
 */
export function searchWords(text: string): string[] {
  const words: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const w = m[1] ?? m[2] ?? '';
    if (w.trim() !== '') words.push(w);
  }
  if (words.length > 20) throw new ParamError('q', 'at most 20 words');
  if (words.length > 0 && !words.some((w) => [...w].length >= MIN_WORD))
    throw new ParamError(
      'q',
      `${words.map((w) => JSON.stringify(w)).join(' ')}: at least one word needs ${MIN_WORD} characters or more`,
    );
  return words;
}

function listParam(q: Query, name: string): string[] | undefined {
  const vs = values(q, name);
  if (vs.length > MAX_LIST_VALUES) throw new ParamError(name, `at most ${MAX_LIST_VALUES} values`);
  return vs.length > 0 ? vs : undefined;
}

export function filterFromQuery(q: Query, nowMs: number): AlertFilter {
  const from = timeParam(q, 'from');
  const to = timeParam(q, 'to');
  const window = durationParam(q, 'window', 1000, 366 * 86_400_000);
  if (window !== undefined && from !== undefined) throw new ParamError('window', 'cannot be given with from');
  const toMs = to;
  const fromMs = window !== undefined ? (to ?? nowMs) - window : from;
  if (fromMs !== undefined && toMs !== undefined && fromMs >= toMs) throw new ParamError('from', 'must be before to');
  const priorities = values(q, 'priority')
    .flatMap((v) => v.split(','))
    .map((p) => {
      const rank = priorityRank(p.trim());
      if (rank === undefined)
        throw new ParamError(
          'priority',
          `${JSON.stringify(p)} is not a Falco priority (emergency, alert, critical, error, warning, notice, informational, debug)`,
        );
      return rank;
    });
  const text = single(q, 'q');
  const filter: AlertFilter = {
    ...(fromMs !== undefined ? { fromUs: fromMs * 1000 } : {}),
    ...(toMs !== undefined ? { toUs: toMs * 1000 } : {}),
    ...(priorities.length > 0 ? { priorities } : {}),
    rules: listParam(q, 'rule'),
    sources: listParam(q, 'source'),
    hostnames: listParam(q, 'hostname'),
    namespaces: listParam(q, 'namespace'),
    pods: listParam(q, 'pod'),
    images: listParam(q, 'image'),
    ...(text !== undefined ? { words: searchWords(text) } : {}),
    acknowledged: boolParam(q, 'acknowledged'),
    muted: choiceParam<'exclude' | 'include' | 'only'>(q, 'muted', ['exclude', 'include', 'only'], 'exclude'),
  };
  return filter;
}

export function encodeCursor(c: PageCursor): string {
  return Buffer.from(JSON.stringify([c.priority ?? 7, c.timeUs, c.seq])).toString('base64url');
}

function decodeCursor(text: string): PageCursor {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    v = undefined;
  }
  if (!Array.isArray(v) || v.length !== 3 || !v.every((x) => Number.isSafeInteger(x)) || v[0] < 0 || v[0] > 7)
    throw new ParamError('cursor', 'not a cursor from a previous page (use the `next` value as is)');
  return { priority: v[0] as number, timeUs: v[1] as number, seq: v[2] as number };
}

export function listFromQuery(q: Query, nowMs: number, known = LIST_PARAMS, maxLimit = MAX_PAGE): ListRequest {
  rejectUnknown(q, known);
  const cursor = known.has('cursor') ? single(q, 'cursor') : undefined;
  return {
    filter: filterFromQuery(q, nowMs),
    sort: choiceParam<'time' | 'priority'>(q, 'sort', ['time', 'priority'], 'time'),
    order: choiceParam<'desc' | 'asc'>(q, 'order', ['desc', 'asc'], 'desc'),
    limit: intParam(q, 'limit', 1, maxLimit, Math.min(50, maxLimit)),
    ...(cursor !== undefined ? { cursor: decodeCursor(cursor) } : {}),
  };
}
