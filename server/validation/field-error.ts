/**
 * A refused input: the Chinese label of the field and a Chinese message that
 * names the field and the rule. Validators return it instead of throwing, so a
 * form can collect every refusal at once; orThrow turns it into an exception
 * where one refusal is enough.
 */
export class FieldError extends Error {
  override readonly name = 'FieldError';

  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }

  toJSON(): { field: string; message: string } {
    return { field: this.field, message: this.message };
  }
}

/** What a validator returns: the accepted (normalised) value, or why it was refused. */
export type Validated<T> = T | FieldError;

export function isFieldError(value: unknown): value is FieldError {
  return value instanceof FieldError;
}

export function orThrow<T>(result: Validated<T>): T {
  if (result instanceof FieldError) throw result;
  return result;
}

/** The refusals among several results, in order. */
export function fieldErrors(results: readonly unknown[]): FieldError[] {
  return results.filter(isFieldError);
}
