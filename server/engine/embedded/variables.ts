/**
 * Zeebe's variable scopes on top of bpmn-engine, which has only one bag of
 * variables per process. The root scope is the process instance; an element
 * (task, subprocess, call activity, multi-instance body or iteration) gets a
 * local scope when an input mapping or a loop puts variables there. A scope
 * chain lists element execution ids from the innermost outwards; bpmn-engine
 * gives it to us with every event as `executionId` + `parent.path`.
 */
import type { Variables } from '../port.js';
import { evaluateValue } from './feel.js';
import type { Mapping } from './model.js';

export interface VariableScopes {
  variables: Variables;
  locals: Record<string, Variables>;
}

/** Everything an element with this chain sees: outer scopes first, inner ones win. */
export function visibleVariables(scopes: VariableScopes, chain: string[]): Variables {
  const visible: Variables = { ...scopes.variables };
  for (const id of [...chain].reverse()) Object.assign(visible, scopes.locals[id]);
  return visible;
}

/**
 * Zeebe's variable propagation: each variable goes to the innermost scope of
 * the chain that already has it, and to the process instance if none has it.
 */
export function propagate(scopes: VariableScopes, chain: string[], variables: Variables | undefined): void {
  for (const [name, value] of Object.entries(variables ?? {})) {
    const owner = chain.find((id) => scopes.locals[id] && Object.hasOwn(scopes.locals[id], name));
    if (owner) scopes.locals[owner][name] = value;
    else scopes.variables[name] = value;
  }
}

export function setLocal(scopes: VariableScopes, id: string, variables: Variables): void {
  scopes.locals[id] = { ...scopes.locals[id], ...variables };
}

export function dropLocal(scopes: VariableScopes, id: string): void {
  delete scopes.locals[id];
}

/**
 * Evaluates mappings in order (a later mapping sees the targets of earlier
 * ones, as in Zeebe's generated FEEL context) and returns the targets. Dotted
 * targets update a copy of the existing variable's nested property.
 */
export function evaluateMappings(mappings: Mapping[], context: Variables): Variables {
  const result: Variables = {};
  for (const { source, target } of mappings) {
    const value = evaluateValue(source, { ...context, ...result });
    const [head, ...path] = target.split('.');
    if (!path.length) {
      result[head] = value;
      continue;
    }
    const base = head in result ? result[head] : context[head];
    const root = isObject(base) ? structuredClone(base) : {};
    let node = root;
    for (const part of path.slice(0, -1)) {
      if (!isObject(node[part])) node[part] = {};
      node = node[part] as Variables;
    }
    node[path[path.length - 1]] = value;
    result[head] = root;
  }
  return result;
}

/** Keeps only the named variables, as a worker's fetchVariables asks. */
export function pick(variables: Variables, names: string[] | undefined): Variables {
  if (!names) return variables;
  return Object.fromEntries(names.filter((n) => n in variables).map((n) => [n, variables[n]]));
}

function isObject(value: unknown): value is Variables {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
