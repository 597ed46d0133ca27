/**
 * Validates a submission against a form-js schema on the server: only the
 * schema's own keys are kept, hidden (conditional) and read-only fields are
 * not taken from the client, and every refusal names its field.
 */
import { evaluate } from 'feelin';
import { FieldError } from '../validation/field-error.js';
import { validatorFor } from './component-validators.js';
import type { FormComponent, FormSchema } from './schema.js';

export interface SubmissionResult {
  values: Record<string, unknown>;
  errors: FieldError[];
}

function isHidden(c: FormComponent, context: Record<string, unknown>): boolean {
  const hide = c.conditional?.hide;
  if (!hide) return false;
  const expression = hide.startsWith('=') ? hide.slice(1) : hide;
  try {
    return evaluate(expression, context).value === true;
  } catch {
    return false;
  }
}

function getPath(data: Record<string, unknown>, path: string[]): unknown {
  let cur: unknown = data;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

function setPath(data: Record<string, unknown>, path: string[], value: unknown): void {
  let cur = data;
  for (const p of path.slice(0, -1)) {
    if (typeof cur[p] !== 'object' || cur[p] === null) cur[p] = {};
    cur = cur[p] as Record<string, unknown>;
  }
  cur[path[path.length - 1]] = value;
}

/**
 * `context` is what the form was shown with (a task's variables): conditions
 * read it under the submitted values, as the form-js viewer does.
 */
export function validateSubmission(
  schema: FormSchema,
  submitted: Record<string, unknown>,
  context: Record<string, unknown> = {},
): SubmissionResult {
  const scope = { ...context, ...submitted };
  const values: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  const visit = (components: FormComponent[], prefix: string[]) => {
    for (const c of components) {
      if (isHidden(c, scope)) continue;
      if (c.components) {
        visit(c.components, c.path ? [...prefix, ...c.path.split('.')] : prefix);
        continue;
      }
      if (c.readonly || c.disabled) continue;
      const validate = validatorFor(c);
      if (!validate) continue;
      const path = [...prefix, ...c.key!.split('.')];
      const result = validate(getPath(submitted, path));
      if (result instanceof FieldError) errors.push(result);
      else if (result !== undefined) setPath(values, path, result);
    }
  };
  visit(schema.components, []);
  return { values, errors };
}
