// Public surface of the rules loader.

export { ERROR_CODES, type ErrorCode, WARNING_CODES, type WarningCode } from './codes.js';
export { type ItemType, LoadContext, type Location, type Position } from './context.js';
export { expandRulesPaths } from './files.js';
export type { PluginRequirement } from './infos.js';
export {
  type LoadRulesOptions,
  type LoadRulesOutput,
  loadRules,
  loadRulesContents,
  type RulesContent,
  validateRules,
} from './loader.js';
export { type AvailablePlugin, checkPluginRequirements } from './pluginRequirements.js';
export { renderValidationJson, renderValidationText, renderValidationWarnings, validationJson } from './render.js';
export { type JsonLoadResult, type LoadError, LoadResult, type LoadWarning, type RulesContents } from './result.js';
export { ENGINE_VERSION, type SemVer, versionString } from './version.js';
