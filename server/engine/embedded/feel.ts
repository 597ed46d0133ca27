/**
 * FEEL the way Zeebe reads BPMN attributes: a value starting with `=` is an
 * expression evaluated by feelin against the visible variables, anything else
 * is a static string. Results become plain JSON values (temporal values turn
 * into their ISO strings), because that is what Zeebe stores in variables.
 */
import { evaluate } from 'feelin';
import type { Variables } from '../port.js';

/** An expression that cannot be evaluated; Zeebe raises an incident for these. */
export class ExpressionError extends Error {
  constructor(
    readonly expression: string,
    reason: string,
  ) {
    super(`failed to evaluate expression '${expression}': ${reason}`);
  }
}

export function isExpression(value: unknown): boolean {
  return typeof value === 'string' && value.trimStart().startsWith('=');
}

/** Evaluates a Zeebe attribute value: `=expr` through FEEL, a static value as it is. */
export function evaluateValue(value: string, variables: Variables): unknown {
  if (!isExpression(value)) return value;
  const expression = value.trimStart().slice(1);
  let result: unknown;
  try {
    result = evaluate(expression, variables).value;
  } catch (err) {
    throw new ExpressionError(expression, (err as Error).message);
  }
  return toJson(result);
}

/** The raw FEEL result (temporal values kept), for timers that need a duration or a date. */
export function evaluateRaw(value: string, variables: Variables): unknown {
  if (!isExpression(value)) return value;
  const expression = value.trimStart().slice(1);
  try {
    return evaluate(expression, variables).value;
  } catch (err) {
    throw new ExpressionError(expression, (err as Error).message);
  }
}

export function evaluateString(value: string, variables: Variables, what: string): string {
  const result = evaluateValue(value, variables);
  if (typeof result === 'string') return result;
  if (typeof result === 'number') return String(result);
  throw new ExpressionError(value, `expected ${what} to be a string, but it was ${describe(result)}`);
}

/** Candidate groups and users: a FEEL list of strings, or a static comma separated list. */
export function evaluateStringList(value: string, variables: Variables, what: string): string[] {
  if (!isExpression(value)) {
    return value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }
  const result = evaluateValue(value, variables);
  if (Array.isArray(result) && result.every((v) => typeof v === 'string')) return result as string[];
  if (typeof result === 'string') return [result];
  throw new ExpressionError(value, `expected ${what} to be a list of strings, but it was ${describe(result)}`);
}

export function evaluateInteger(value: string, variables: Variables, what: string): number {
  const result = isExpression(value) ? evaluateValue(value, variables) : Number(value);
  if (typeof result === 'number' && Number.isInteger(result)) return result;
  throw new ExpressionError(value, `expected ${what} to be an integer, but it was ${describe(result)}`);
}

export function toJson(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'function' ? null : v)) ?? 'null');
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `a list ${JSON.stringify(value)}`;
  return `${typeof value} ${JSON.stringify(value)}`;
}
