/**
 * A problem starting the local stack that the user can fix. `npm start` prints it as one line
 * (cause, then fix), never a stack trace.
 */
export class StackError extends Error {
  readonly code: string;
  readonly fix: string;

  constructor(code: string, cause: string, fix: string) {
    super(cause);
    this.name = 'StackError';
    this.code = code;
    this.fix = fix;
  }
}
