/** A problem with what the operator configured: reported as plain lines, exit code 2, no stack. */
export class StartupError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.join('; '));
    this.name = 'StartupError';
    this.problems = problems;
  }
}
