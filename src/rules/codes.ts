// Falco's load-result codes, in Falco's order, with the short and long descriptions its
// `--format json` output carries ("codedesc"). The strings are the facts tools match on.

export type ErrorCode =
  | 'LOAD_ERR_FILE_READ'
  | 'LOAD_ERR_YAML_PARSE'
  | 'LOAD_ERR_YAML_VALIDATE'
  | 'LOAD_ERR_COMPILE_CONDITION'
  | 'LOAD_ERR_COMPILE_OUTPUT'
  | 'LOAD_ERR_VALIDATE'
  | 'LOAD_ERR_EXTENSION';

export type WarningCode =
  | 'LOAD_UNKNOWN_SOURCE'
  | 'LOAD_UNSAFE_NA_CHECK'
  | 'LOAD_NO_EVTTYPE'
  | 'LOAD_UNKNOWN_FILTER'
  | 'LOAD_UNUSED_MACRO'
  | 'LOAD_UNUSED_LIST'
  | 'LOAD_UNKNOWN_ITEM'
  | 'LOAD_DEPRECATED_ITEM'
  | 'LOAD_WARNING_EXTENSION'
  | 'LOAD_APPEND_NO_VALUES'
  | 'LOAD_EXCEPTION_NAME_NOT_UNIQUE'
  | 'LOAD_INVALID_MACRO_NAME'
  | 'LOAD_INVALID_LIST_NAME'
  | 'LOAD_COMPILE_CONDITION'
  | 'LOAD_UNKNOWN_KEY';

interface CodeInfo {
  /** Short text shown next to the code in text output. */
  short: string;
  /** Longer text; Falco puts it in "codedesc" for warnings. */
  desc: string;
}

export const ERROR_CODES: Readonly<Record<ErrorCode, CodeInfo>> = {
  LOAD_ERR_FILE_READ: {
    short: 'File read error',
    desc: 'This occurs when falco can not read a given file. Check permissions and whether the file exists.',
  },
  LOAD_ERR_YAML_PARSE: {
    short: 'YAML parse error',
    desc: 'This occurs when the rules content is not valid YAML.',
  },
  LOAD_ERR_YAML_VALIDATE: {
    short: 'Error validating internal structure of YAML file',
    desc:
      'This occurs when the internal structure of the YAML file is incorrect. Examples include not consisting of a ' +
      'sequence of maps, a given rule/macro/list item not having required keys, values not having the right type ' +
      '(e.g. the items property of a list not being a sequence), etc.',
  },
  LOAD_ERR_COMPILE_CONDITION: {
    short: 'Error compiling condition',
    desc: 'This occurs when a condition string can not be compiled to a filter object.',
  },
  LOAD_ERR_COMPILE_OUTPUT: {
    short: 'Error compiling output',
    desc: 'This occurs when an output string can not be compiled to an output object.',
  },
  LOAD_ERR_VALIDATE: {
    short: 'Error validating rule/macro/list/exception objects',
    desc:
      'This occurs when a rule/macro/list item is incorrect. Examples include a condition field referring to an ' +
      'undefined macro, falco engine/plugin version mismatches, items with append without any existing item, ' +
      'exception fields/comps having different lengths, etc.',
  },
  LOAD_ERR_EXTENSION: {
    short: 'Error in extension item',
    desc: 'This occurs when there is an error in an extension item',
  },
};

export const WARNING_CODES: Readonly<Record<WarningCode, CodeInfo>> = {
  LOAD_UNKNOWN_SOURCE: {
    short: 'Unknown event source',
    desc:
      'A rule has a unknown event source. This can occur when reading rules content without having a ' +
      'corresponding plugin loaded, etc. The rule will be silently ignored.',
  },
  LOAD_UNSAFE_NA_CHECK: {
    short: 'Unsafe <NA> comparison in condition',
    desc:
      'Comparing a field value with <NA> is unsafe and can lead to unpredictable behavior of the rule condition. ' +
      "If you need to check for the existence of a field, consider using the 'exists' operator instead.",
  },
  LOAD_NO_EVTTYPE: {
    short: 'Condition has no event-type restriction',
    desc:
      'A rule condition matches too many evt.type values. This has a significant performance penalty. Make the ' +
      'condition more specific by adding an evt.type field or further restricting the number of evt.type values ' +
      'in the condition.',
  },
  LOAD_UNKNOWN_FILTER: {
    short: 'Unknown field or event-type in condition or output',
    desc:
      'A rule condition or output refers to a field or evt.type that does not exist. This is normally an error, ' +
      'but if a rule has a skip-if-unknown-filter property, the error is downgraded to a warning.',
  },
  LOAD_UNUSED_MACRO: {
    short: 'Unused macro',
    desc: 'A macro is defined in the rules content but is not used by any other macro or rule.',
  },
  LOAD_UNUSED_LIST: {
    short: 'Unused list',
    desc: 'A list is defined in the rules content but is not used by any other list, macro, or rule.',
  },
  LOAD_UNKNOWN_ITEM: {
    short: 'Unknown rules file item',
    desc: 'An unknown top-level object is in the rules content. It will be ignored.',
  },
  LOAD_DEPRECATED_ITEM: {
    short: 'Used deprecated item',
    desc: 'A deprecated item is employed by lists, macros, or rules.',
  },
  LOAD_WARNING_EXTENSION: {
    short: 'Warning in extension item',
    desc: 'An extension item has a warning',
  },
  LOAD_APPEND_NO_VALUES: {
    short: 'Overriding/appending with no values',
    desc: 'A rule exception is overriding/appending with no values',
  },
  LOAD_EXCEPTION_NAME_NOT_UNIQUE: {
    short: 'Multiple exceptions defined with the same name',
    desc: 'A rule is defining multiple exceptions with the same name',
  },
  LOAD_INVALID_MACRO_NAME: {
    short: 'Invalid macro name',
    desc: 'A macro is defined with an invalid name',
  },
  LOAD_INVALID_LIST_NAME: {
    short: 'Invalid list name',
    desc: 'A list is defined with an invalid name',
  },
  LOAD_COMPILE_CONDITION: {
    short: 'Warning in rule condition',
    desc: 'A rule condition or output have been parsed with a warning',
  },
  LOAD_UNKNOWN_KEY: {
    short: 'Unknown key in item definition',
    desc:
      'An item in the rules content contains an unrecognized key. The key will be ignored. This may indicate a ' +
      'typo or a property placed on the wrong item type.',
  },
};

/**
 * Falco's JSON "codedesc" for an error. Falco 0.44 fills it with the short text (its
 * error_desc() returns the short string), and tools see that; we keep the same.
 */
export function errorCodeDesc(code: ErrorCode): string {
  return ERROR_CODES[code].short;
}

export function warningCodeDesc(code: WarningCode): string {
  return WARNING_CODES[code].desc;
}
