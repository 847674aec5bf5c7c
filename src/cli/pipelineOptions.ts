// Command-line options shared by `run`, `replay` and `rules list`, named as commander stores them.
export interface PipelineOptions {
  config?: string;
  rules?: string[];
  option?: string[];
  /** -D: rule-name substrings to disable. */
  D?: string[];
  /** -T: tags to disable. */
  T?: string[];
  /** -t: tags to run exclusively. */
  t?: string[];
  enableSource?: string[];
  disableSource?: string[];
  /** -A: all events. */
  A?: boolean;
  unbuffered?: boolean;
  json?: boolean;
}
