// `messageformat` templates (Slack, Mattermost, Rocket.Chat, Google Chat): Go text/template
// over Falcosidekick's payload struct, compiled once at config load (src/router/template/).
// A render failure fails the send without retry: the same alert would fail the same way.

import type { RouterAlert } from '../alert.js';
import {
  compileGoTemplate,
  GoMap,
  GoStruct,
  TemplateError,
  TemplateExecError,
  type GoValue,
} from '../template/index.js';
import { DeliveryError } from './destination.js';

export { TemplateError };

export interface MessageTemplate {
  /** Renders the template; `escape` is applied to alert values only, never to the template's own text. */
  render(alert: RouterAlert, escape: (text: string) => string): string;
}

/** Falcosidekick's types.FalcoPayload fields, in its declaration order (how `{{ . }}` prints). */
export const PAYLOAD_FIELDS = [
  'UUID',
  'Output',
  'Priority',
  'Rule',
  'Time',
  'OutputFields',
  'Source',
  'Tags',
  'Hostname',
];

/** The alert as the template's root value. Time stays Falco's RFC 3339 text (Go would print a time.Time). */
export function payloadValue(alert: RouterAlert): GoStruct {
  const values: GoValue[] = [
    alert.uuid,
    alert.output,
    alert.priority,
    alert.rule,
    alert.time,
    new GoMap(alert.output_fields),
    alert.source,
    alert.tags,
    alert.hostname,
  ];
  return new GoStruct(
    'types.FalcoPayload',
    PAYLOAD_FIELDS.map((name, i) => [name, values[i]] as const),
  );
}

/** Compiles `source`; `option` names it in render errors (e.g. `slack.messageformat`). */
export function compileMessageTemplate(source: string, option = 'messageformat'): MessageTemplate {
  const template = compileGoTemplate(source, { rootFields: PAYLOAD_FIELDS });
  return {
    render(alert, escape) {
      try {
        return template.render(payloadValue(alert), escape);
      } catch (err) {
        if (err instanceof TemplateExecError) throw new DeliveryError(`${option}: ${err.message}`, false);
        throw err;
      }
    },
  };
}

/** validate() helper: the problem with a template option, or undefined. */
export function templateProblem(type: string, key: string, source: string): string | undefined {
  if (source === '') return undefined;
  try {
    compileMessageTemplate(source);
    return undefined;
  } catch (err) {
    return `${type}.${key}: ${(err as Error).message}`;
  }
}
