export class ExtractionError extends Error {
  constructor(public readonly code: string, message: string) { super(message); this.name = 'ExtractionError'; }
}

/** The command was called wrongly (a path that names nothing, a bad option value): exit 2, one line, no run. */
export class UsageError extends Error {
  constructor(message: string) { super(message); this.name = 'UsageError'; }
}

/** A fault worth retrying (a busy disk, a file handle shortage, a file still being written), as opposed to a bad document. */
export class TransientError extends Error {
  override name = 'TransientError';
}
