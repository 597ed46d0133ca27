/**
 * What changed between two versions, for the audit record and the studio's
 * version list: elements of a process (added, removed, changed — by id, with
 * their names) and fields of a form (by key). The diagram itself is compared
 * in the browser by bpmn-js-differ; this summary must hold for any two
 * sources, even ones the differ cannot read.
 */
import { BpmnModdle } from 'bpmn-moddle';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import type { FormComponent } from '../forms/schema.js';
import type { DiffSummary } from './models.js';

type El = { $type: string; id?: string; name?: string; flowElements?: El[]; [key: string]: unknown };

/** An element's own content, references reduced to ids, children elements left out. */
function signature(element: El): string {
  const seen = new Set<unknown>();
  const plain = (value: unknown, depth: number, top: boolean): unknown => {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((v) => plain(v, depth, false));
    const obj = value as El;
    if (!top && obj.id && obj.$type && !obj.$type.startsWith('zeebe:')) return `#${obj.id}`;
    if (seen.has(obj) || depth > 6) return '…';
    seen.add(obj);
    const out: Record<string, unknown> = { $type: obj.$type };
    for (const key of Object.keys(obj).sort()) {
      if (key === '$parent' || key === 'flowElements' || key === 'di' || key === '$attrs') continue;
      out[key] = plain(obj[key], depth + 1, false);
    }
    return out;
  };
  return JSON.stringify(plain(element, 0, true));
}

async function elementsOf(xml: string): Promise<Map<string, { name: string; signature: string }>> {
  const out = new Map<string, { name: string; signature: string }>();
  const { rootElement } = await new BpmnModdle({ zeebe: zeebeModdle }).fromXML(xml);
  const visit = (container: El) => {
    for (const e of container.flowElements ?? []) {
      if (e.id) out.set(e.id, { name: e.name ?? e.id, signature: signature(e) });
      visit(e);
    }
  };
  for (const root of (rootElement as unknown as { rootElements: El[] }).rootElements ?? []) {
    if (root.$type === 'bpmn:Process') {
      out.set(root.id!, { name: root.name ?? root.id!, signature: signature({ ...root, flowElements: undefined } as El) });
      visit(root);
    }
  }
  return out;
}

function compare<T>(before: Map<string, T & { name: string }>, after: Map<string, T & { name: string }>, same: (a: T, b: T) => boolean) {
  const added = [...after].filter(([id]) => !before.has(id)).map(([id, v]) => ({ id, name: v.name }));
  const removed = [...before].filter(([id]) => !after.has(id)).map(([id, v]) => ({ id, name: v.name }));
  const changed = [...after].filter(([id, v]) => before.has(id) && !same(before.get(id)!, v)).map(([id, v]) => ({ id, name: v.name }));
  return { added, removed, changed };
}

export async function processDiff(resourceId: string, fromVersion: number | null, before: string | null, after: string): Promise<DiffSummary> {
  const b = before ? await elementsOf(before) : new Map<string, { name: string; signature: string }>();
  const a = await elementsOf(after);
  return { resourceId, kind: 'process', fromVersion, ...compare(b, a, (x, y) => x.signature === y.signature) };
}

function fieldsOf(json: string): Map<string, { name: string; text: string }> {
  const out = new Map<string, { name: string; text: string }>();
  const visit = (components: FormComponent[], prefix: string) => {
    for (const c of components ?? []) {
      if (c.components) visit(c.components, c.path ? `${prefix}${c.path}.` : prefix);
      const id = c.key ? prefix + c.key : (c as { id?: string }).id;
      if (id) out.set(id, { name: c.label ?? id, text: JSON.stringify({ ...c, components: undefined }) });
    }
  };
  visit((JSON.parse(json) as { components: FormComponent[] }).components, '');
  return out;
}

export function formDiff(resourceId: string, fromVersion: number | null, before: string | null, after: string): DiffSummary {
  const b = before ? fieldsOf(before) : new Map<string, { name: string; text: string }>();
  return { resourceId, kind: 'form', fromVersion, ...compare(b, fieldsOf(after), (x, y) => x.text === y.text) };
}

/** One line for a person: "新增 专家复核；修改 部级审批". */
export function describeDiff(d: DiffSummary): string {
  const part = (label: string, list: Array<{ name: string }>) => (list.length ? `${label} ${list.map((x) => x.name).join('、')}` : '');
  return [part('新增', d.added), part('删除', d.removed), part('修改', d.changed)].filter(Boolean).join('；') || '无内容变化';
}
