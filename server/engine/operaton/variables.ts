/**
 * Process variables between the port (plain JSON) and Operaton's REST API
 * (typed values). Objects and lists travel as JSON-serialized object values,
 * which the engine node's JSON serializer (engine/operaton, JsonValueSerializer)
 * turns into maps and lists that FEEL reads as contexts and lists.
 */
import type { Variables } from '../port.js';
import { META } from './translate.js';

export interface TypedValue {
  type?: string;
  value: unknown;
  valueInfo?: Record<string, unknown>;
}

export type TypedVariables = Record<string, TypedValue>;

const JSON_FORMAT = 'application/json';
const INT_MAX = 2 ** 31 - 1;

export function toTyped(value: unknown): TypedValue {
  if (value === null || value === undefined) return { type: 'Null', value: null };
  if (value instanceof Date) return { type: 'String', value: value.toISOString() };
  switch (typeof value) {
    case 'string':
      return { type: 'String', value };
    case 'boolean':
      return { type: 'Boolean', value };
    case 'number':
      if (!Number.isInteger(value)) return { type: 'Double', value };
      return { type: Math.abs(value) <= INT_MAX ? 'Integer' : 'Long', value };
    case 'bigint':
      return { type: 'Long', value: Number(value) };
    default:
      return {
        type: 'Object',
        value: JSON.stringify(value),
        valueInfo: { objectTypeName: Array.isArray(value) ? 'java.util.ArrayList' : 'java.util.LinkedHashMap', serializationDataFormat: JSON_FORMAT },
      };
  }
}

export function toTypedVariables(variables: Variables | undefined): TypedVariables {
  const typed: TypedVariables = {};
  for (const [name, value] of Object.entries(variables ?? {})) if (value !== undefined) typed[name] = toTyped(value);
  return typed;
}

export function fromTyped(typed: TypedValue): unknown {
  const { type, value, valueInfo } = typed;
  if (value === null || value === undefined) return null;
  if (type === 'Json' || (type === 'Object' && valueInfo?.serializationDataFormat === JSON_FORMAT)) {
    try {
      return JSON.parse(String(value));
    } catch {
      return value;
    }
  }
  return value;
}

/** Every variable, the adapter's own (`__zeebe_…`) included. */
export function fromTypedVariables(typed: TypedVariables | undefined): Variables {
  const variables: Variables = {};
  for (const [name, value] of Object.entries(typed ?? {})) variables[name] = fromTyped(value);
  return variables;
}

/** What a worker sees: the adapter's own variables left out. */
export function visibleVariables(variables: Variables): Variables {
  return Object.fromEntries(Object.entries(variables).filter(([name]) => !name.startsWith(META.prefix)));
}
