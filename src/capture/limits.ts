// Size limits libscap enforces on strings in metadata blocks (scap_limits.h), kept so a file that
// libscap rejects is rejected here too, and so a bogus length cannot make us read a huge string.

export const SCAP_MAX_PATH_SIZE = 1024;
export const SCAP_MAX_ARGS_SIZE = 4096;
export const SCAP_MAX_ENV_SIZE = 4096;
export const SCAP_MAX_CGROUPS_SIZE = 4096;
/** User and group names, home directories and shells. */
export const MAX_CREDENTIALS_STR_LEN = 256;

/** Default cap on one block's total length: far above any real block, low enough to be safe. */
export const DEFAULT_MAX_BLOCK_BYTES = 256 * 1024 * 1024;
