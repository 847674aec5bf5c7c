// `k8s.*` fields of the container plugin: pod metadata obtained from the container runtime
// together with the container.* fields, plus deprecated names kept for old rules.

import type { FieldDef } from '../types.js';
import { field, REQUIRED_KEY } from './define.js';

/** Fields the plugin proposes for `append_output` with `suggested_output: true`. */
const SUGGESTED = { suggestedOutput: true } as const;
const FROM_RUNTIME = 'Read from the container runtime with the container.* fields, so it can lag behind at first.';

/** Kubernetes objects whose fields moved to the k8smeta plugin; the names still load but yield nothing. */
const MOVED_TO_K8SMETA: ReadonlyArray<readonly [string, string]> = [
  ['rc', 'replication controller'],
  ['svc', 'service'],
  ['ns', 'namespace'],
  ['rs', 'replica set'],
  ['deployment', 'deployment'],
];

function movedFields(): FieldDef[] {
  const out: FieldDef[] = [];
  for (const [prefix, what] of MOVED_TO_K8SMETA) {
    const note = `No longer filled in for the ${what}; use the k8smeta plugin.`;
    // The namespace name stays a live field; only its id and labels moved.
    if (prefix !== 'ns')
      out.push(field(`k8s.${prefix}.name`, 'CHARBUF', `Name of the ${what}. ${note}`, { deprecated: true }));
    out.push(field(`k8s.${prefix}.id`, 'CHARBUF', `Id of the ${what}. ${note}`, { deprecated: true }));
    out.push(
      field(`k8s.${prefix}.label`, 'CHARBUF', `One label of the ${what}. ${note}`, {
        arg: REQUIRED_KEY,
        deprecated: true,
      }),
    );
    out.push(field(`k8s.${prefix}.labels`, 'CHARBUF', `All labels of the ${what}. ${note}`, { deprecated: true }));
  }
  return out;
}

export const K8S_FIELDS: readonly FieldDef[] = [
  field('k8s.pod.name', 'CHARBUF', `Name of the pod the container belongs to. ${FROM_RUNTIME}`, SUGGESTED),
  field('k8s.ns.name', 'CHARBUF', `Namespace of the pod the container belongs to. ${FROM_RUNTIME}`, SUGGESTED),
  field(
    'k8s.pod.id',
    'CHARBUF',
    `Older name for k8s.pod.uid, kept for compatibility; prefer k8s.pod.uid. ${FROM_RUNTIME}`,
  ),
  field(
    'k8s.pod.uid',
    'CHARBUF',
    `Unique id Kubernetes gave the pod when it was created (not the sandbox id). ${FROM_RUNTIME}`,
  ),
  field(
    'k8s.pod.sandbox_id',
    'CHARBUF',
    'Short id (12 characters) of the pod sandbox, the runtime-level container holding the pod; sandbox ' +
      `processes have a container.id equal to it. ${FROM_RUNTIME}`,
  ),
  field('k8s.pod.full_sandbox_id', 'CHARBUF', `Complete id of the pod sandbox. ${FROM_RUNTIME}`),
  field(
    'k8s.pod.label',
    'CHARBUF',
    'Value of one pod label, named in brackets; the name may contain dots, dashes and slashes ' +
      `(k8s.pod.label[app.kubernetes.io/name]). ${FROM_RUNTIME}`,
    { arg: REQUIRED_KEY },
  ),
  field('k8s.pod.labels', 'CHARBUF', `All pod labels as key:value pairs separated by commas. ${FROM_RUNTIME}`),
  field('k8s.pod.ip', 'CHARBUF', `Primary IPv4 address of the pod, shared by its containers. ${FROM_RUNTIME}`),
  field(
    'k8s.pod.cni.json',
    'CHARBUF',
    `CNI result of the pod as an escaped JSON string, like container.cni.json. ${FROM_RUNTIME}`,
  ),
  ...movedFields(),
];
