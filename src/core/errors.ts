/**
 * An error a user can act on: what is wrong, and where. The core fills `field` (the PyTorch
 * argument at fault); readers of files add `file` and `line`.
 */
export class LossLensError extends Error {
  override readonly name = 'LossLensError';

  constructor(
    message: string,
    readonly field?: string,
    readonly file?: string,
    readonly line?: number,
  ) {
    super(message);
  }

  /** The same error, placed at a file and line. */
  at(file: string | undefined, line: number | undefined): LossLensError {
    return new LossLensError(this.message, this.field, file, line);
  }

  /** `file:line: field: message`, leaving out the parts that are unknown. */
  describe(): string {
    const where = [this.file, this.line].filter((part) => part !== undefined).join(':');
    const what = this.field ? `${this.field}: ${this.message}` : this.message;
    return where ? `${where}: ${what}` : what;
  }
}
