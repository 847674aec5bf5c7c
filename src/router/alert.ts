// The alert the router carries: Falco's JSON alert, the payload Falcosidekick accepts from
// Falco's http_output, plus the uuid the router gives it at intake.

export type OutputFieldValue = string | number | boolean | null | readonly (string | number)[];

export interface RouterAlert {
  readonly uuid: string;
  /** RFC 3339 with nanoseconds, as Falco writes it. */
  readonly time: string;
  readonly rule: string;
  /** Falco's priority name: Emergency, Alert, Critical, Error, Warning, Notice, Informational, Debug. */
  readonly priority: string;
  readonly output: string;
  readonly source: string;
  readonly hostname: string;
  readonly tags: readonly string[];
  readonly output_fields: Readonly<Record<string, OutputFieldValue>>;
}
