// Condition evaluation: representative conditions compiled by Kestrel's condition compiler for
// the k8s_audit source (its ka.* and jevt.* extractors), evaluated on the regression suite's
// audit events, already parsed. The baseline of each case is a hand-written JS predicate making
// the same comparison on the same parsed JSON; before timing, both must agree on every event.

import { compileCondition, parseCondition } from '../src/condition/index.js';
import { type K8sAuditEvent, K8sAuditSource } from '../src/sources/k8saudit/index.js';
import type { AuditContainer, AuditJson } from './auditShape.js';
import { loadAuditCorpus } from './corpus.js';
import { type Benchmark, type CaseResult, timePair } from './harness.js';
import { loadOfficialK8sAuditRules, officialListItems, officialRule } from './officialRules.js';

/** Evaluations timed per case and side. */
const COUNT = 2_000_000;
const WARMUP = 200_000;

type Predicate = (evt: K8sAuditEvent) => boolean;

interface ConditionCase {
  name: string;
  /** The condition as Kestrel sees it (for official rules: the rule's condition, unexpanded). */
  condition: string;
  kestrel: Predicate;
  baseline: Predicate;
  baselineText: string;
}

const json = (evt: K8sAuditEvent): AuditJson => evt.json as AuditJson;

// 50 namespaces; the corpus's own (default, kube-system...) come last, so hits are found late
const NAMESPACES = Array.from({ length: 46 }, (_, i) => `team-${String(i + 1).padStart(2, '0')}`).concat([
  'kube-public',
  'kube-system',
  'foo',
  'default',
]);

const PMATCH_PREFIXES = ['/api/v1/namespaces/default', '/apis/apps/v1', '/apis/rbac.authorization.k8s.io', '/healthz'];

function simpleCases(): Omit<ConditionCase, 'kestrel'>[] {
  const namespaces = new Set(NAMESPACES);
  const prefixes = PMATCH_PREFIXES;
  const prefixesSlash = PMATCH_PREFIXES.map((p) => `${p}/`);
  const glob = /^\/api\/v1\/namespaces\/.*\/pods.*$/s;
  const regex = /^\/api\/v1\/namespaces\/[a-z-]+\/pods(\/.*)?$/;
  return [
    {
      name: 'string =',
      condition: 'ka.verb=create',
      baseline: (e) => json(e).verb === 'create',
      baselineText: "j.verb === 'create'",
    },
    {
      name: 'in (50 items)',
      condition: `ka.target.namespace in (${NAMESPACES.join(', ')})`,
      baseline: (e) => {
        const ns = json(e).objectRef?.namespace;
        return ns !== undefined && namespaces.has(ns);
      },
      baselineText: 'Set.has(j.objectRef.namespace)',
    },
    {
      name: 'startswith',
      condition: 'ka.user.name startswith "system:"',
      baseline: (e) => json(e).user?.username?.startsWith('system:') === true,
      baselineText: "j.user.username.startsWith('system:')",
    },
    {
      name: 'contains',
      condition: 'ka.uri contains "/namespaces/kube-system/"',
      baseline: (e) => json(e).requestURI?.includes('/namespaces/kube-system/') === true,
      baselineText: "j.requestURI.includes('/namespaces/kube-system/')",
    },
    {
      name: 'glob',
      condition: 'ka.uri glob "/api/v1/namespaces/*/pods*"',
      baseline: (e) => {
        const uri = json(e).requestURI;
        return uri !== undefined && glob.test(uri);
      },
      baselineText: `${glob}.test(j.requestURI)`,
    },
    {
      name: 'regex',
      condition: 'ka.uri regex "/api/v1/namespaces/[a-z-]+/pods(/.*)?"',
      baseline: (e) => {
        const uri = json(e).requestURI;
        return uri !== undefined && regex.test(uri);
      },
      baselineText: `${regex}.test(j.requestURI)`,
    },
    {
      name: 'pmatch',
      condition: `ka.uri pmatch (${PMATCH_PREFIXES.join(', ')})`,
      baseline: (e) => {
        const uri = json(e).requestURI;
        if (uri === undefined) return false;
        for (let i = 0; i < prefixes.length; i++) {
          if (uri === prefixes[i] || uri.startsWith(prefixesSlash[i])) return true;
        }
        return false;
      },
      baselineText: 'uri === p || uri.startsWith(p + "/") for each prefix',
    },
  ];
}

function anyPrivileged(list: AuditContainer[] | undefined): boolean {
  if (list === undefined) return false;
  for (let i = 0; i < list.length; i++) if (list[i].securityContext?.privileged === true) return true;
  return false;
}

/** Whether every container's image repository (the image up to ':' and '@') is in `allowed`. */
function allImagesIn(list: AuditContainer[] | undefined, allowed: ReadonlySet<string>): boolean {
  if (list === undefined || list.length === 0) return false;
  for (let i = 0; i < list.length; i++) {
    const image = list[i].image;
    if (image === undefined) return false;
    if (!allowed.has(image.split(':')[0].split('@')[0])) return false;
  }
  return true;
}

function isEndpoint(uri: string | undefined, path: string): boolean {
  return uri !== undefined && (uri === path || uri.startsWith(`${path}?`));
}

function codeStartsWith2(code: number | undefined): boolean {
  return code !== undefined && String(code).startsWith('2');
}

/** Official rules whose conditions nest macros and lists, with their hand-written equivalents. */
function officialCases(): ConditionCase[] {
  const rules = loadOfficialK8sAuditRules();
  const privilegedImages = new Set(officialListItems('k8s_audit_privileged_images'));
  const cases: Array<{ rule: string; baseline: Predicate; baselineText: string }> = [
    {
      rule: 'Create Privileged Pod',
      baseline: (e) => {
        const j = json(e);
        const spec = j.requestObject?.spec;
        return (
          j.stage === 'ResponseComplete' &&
          j.objectRef?.resource === 'pods' &&
          j.objectRef.subresource === undefined &&
          j.verb === 'create' &&
          (anyPrivileged(spec?.containers) ||
            anyPrivileged(spec?.initContainers) ||
            anyPrivileged(spec?.ephemeralContainers)) &&
          !allImagesIn(spec?.containers, privilegedImages)
        );
      },
      baselineText: 'stage, resource, verb, any container privileged, images not all in a Set',
    },
    {
      rule: 'Anonymous Request Allowed',
      baseline: (e) => {
        const j = json(e);
        const uri = j.requestURI;
        return (
          j.stage === 'ResponseComplete' &&
          j.user?.username === 'system:anonymous' &&
          j.annotations?.['authorization.k8s.io/decision'] === 'allow' &&
          !isEndpoint(uri, '/healthz') &&
          !isEndpoint(uri, '/livez') &&
          !isEndpoint(uri, '/readyz')
        );
      },
      baselineText: 'stage, user, decision annotation, uri not a health endpoint',
    },
    {
      rule: 'K8s Deployment Created',
      baseline: (e) => {
        const j = json(e);
        return (
          j.stage === 'ResponseComplete' &&
          j.verb === 'create' &&
          j.objectRef?.resource === 'deployments' &&
          codeStartsWith2(j.responseStatus?.code)
        );
      },
      baselineText: 'stage, verb, resource, String(code).startsWith("2")',
    },
  ];
  return cases.map((c) => {
    const rule = officialRule(rules, c.rule);
    return {
      name: `rule: ${c.rule}`,
      condition: rule.condition.trim(),
      kestrel: rule.matches,
      baseline: c.baseline,
      baselineText: c.baselineText,
    };
  });
}

function buildCases(): ConditionCase[] {
  const source = new K8sAuditSource();
  const compiled = simpleCases().map((c) => ({
    ...c,
    kestrel: compileCondition(parseCondition(c.condition), source) as Predicate,
  }));
  return [...compiled, ...officialCases()];
}

function checkAgreement(c: ConditionCase, events: readonly K8sAuditEvent[], where: readonly string[]): number {
  let matches = 0;
  events.forEach((evt, i) => {
    const k = c.kestrel(evt);
    const b = c.baseline(evt);
    if (k !== b) {
      throw new Error(`${c.name}: Kestrel says ${k} and the baseline ${b} for the event at ${where[i]}`);
    }
    if (k) matches++;
  });
  return matches;
}

function runCase(c: ConditionCase, events: readonly K8sAuditEvent[], where: readonly string[]): CaseResult {
  const matches = checkAgreement(c, events, where);
  const n = events.length;
  const kestrel = c.kestrel;
  const baseline = c.baseline;
  const { result, kestrelSink, baseSink } = timePair({
    name: c.name,
    subject: c.condition,
    baseline: c.baselineText,
    count: COUNT,
    warmup: WARMUP,
    kestrelOp: (i) => (kestrel(events[i % n]) ? 1 : 0),
    baseOp: (i) => (baseline(events[i % n]) ? 1 : 0),
  });
  if (kestrelSink !== baseSink) throw new Error(`${c.name}: ${kestrelSink} matches timed, baseline ${baseSink}`);
  result.notes = { 'matching events': `${matches}/${n}`, matches: kestrelSink };
  return result;
}

export const conditionEvalBenchmark: Benchmark = {
  name: 'conditions',
  description:
    `compiled k8s_audit conditions evaluated on already parsed audit events, ${COUNT.toLocaleString('en-US')} ` +
    'evaluations per case; baseline: a hand-written JS predicate on the same parsed JSON',
  run(): CaseResult[] {
    const corpus = loadAuditCorpus();
    const where = corpus.lines.map((l) => l.where);
    return buildCases().map((c) => runCase(c, corpus.events, where));
  },
};
