// Exit statuses scripts can rely on.
export const EXIT_OK = 0;
/** Invalid rules, configuration or input; also Falco's status for validation failures. */
export const EXIT_ERROR = 1;
/** Wrong command-line usage. */
export const EXIT_USAGE = 2;

/** An error that ends the command with a message on stderr and a given exit status. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_ERROR,
  ) {
    super(message);
  }
}
