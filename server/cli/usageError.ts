/** A command line the CLI cannot run (unknown command, bad or missing options): exit code 2. */
import type { ZodError } from 'zod';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }

  static fromZod(command: string, error: ZodError): UsageError {
    const lines = error.issues.map(
      (issue) => `  --${issue.path.join('.').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${issue.message}`,
    );
    return new UsageError(`Invalid options for ${command}:\n${lines.join('\n')}`);
  }
}
