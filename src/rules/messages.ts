// Falco's fixed load messages (facts users' tooling matches on).

export const WARNING_APPEND =
  "'append' key is deprecated. Add an 'append' entry (e.g. 'condition: append') under 'override' instead.";
export const WARNING_ENABLED =
  "The standalone 'enabled' key usage is deprecated. The correct approach requires also a 'replace' entry under " +
  "the 'override' key (i.e. 'enabled: replace').";
export const ERROR_OVERRIDE_APPEND =
  "Keys 'override' and 'append: true' cannot be used together. Add an 'append' entry (e.g. 'condition: append') " +
  "under 'override' instead.";
export const ERROR_NO_PREVIOUS_MACRO =
  "Macro uses 'append' or 'override.condition: append' but no macro by that name already exists";
export const ERROR_NO_PREVIOUS_LIST =
  "List uses 'append' or 'override.items: append' but no list by that name already exists";
export const ERROR_NO_PREVIOUS_RULE_APPEND =
  "Rule uses 'append' or 'override.<key>: append' but no rule by that name already exists";
export const ERROR_NO_PREVIOUS_RULE_REPLACE =
  "An 'override.<key>: replace' to a rule was requested but no rule by that name already exists";

/** Name patterns of the condition grammar: macros are identifiers, lists bare strings. */
export const RGX_IDENTIFIER = '([a-zA-Z]+[a-zA-Z0-9_]*)';
export const RGX_BARESTR = '([^()"\'[:space:]=,]+)';
export const WARNING_INVALID_MACRO_NAME = `Macro has an invalid name. Macro names should match a regular expression: ${RGX_IDENTIFIER}`;
export const WARNING_INVALID_LIST_NAME = `List has an invalid name. List names should match a regular expression: ${RGX_BARESTR}`;

export const IDENTIFIER_NAME = /^[a-zA-Z]+[a-zA-Z0-9_]*$/;
export const BARESTR_NAME = /^[^()"'\s=,]+$/;
