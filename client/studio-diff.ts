/**
 * Two versions of a process side by side, the differences coloured on both
 * diagrams by bpmn-js-differ: added (green, on the newer), removed (red, on
 * the older), changed (amber, on both), with the list of changes below.
 */
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { diff } from 'bpmn-js-differ';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { fitDiagram } from './lib/diagram-fit';
import { readJson } from './studio/api';

interface DiffData {
  before: string;
  after: string;
  from: number;
  to: number;
}

type Changes = Record<string, { id?: string; name?: string; $type?: string; model?: { id: string; name?: string; $type: string } }>;

async function mount(): Promise<void> {
  const beforeBox = document.getElementById('diff-before');
  const afterBox = document.getElementById('diff-after');
  if (!beforeBox || !afterBox) return;
  const data = readJson<DiffData>('diff-data');
  const make = async (container: HTMLElement, xml: string) => {
    const viewer = new NavigatedViewer({ container, moddleExtensions: { zeebe: zeebeModdle } });
    const { warnings } = await viewer.importXML(xml);
    void warnings;
    return viewer;
  };
  const [older, newer] = await Promise.all([make(beforeBox, data.before), make(afterBox, data.after)]);
  const definitions = (v: typeof older) => (v as unknown as { getDefinitions(): unknown }).getDefinitions();
  const result = diff(definitions(older), definitions(newer)) as { _added: Changes; _removed: Changes; _changed: Changes; _layoutChanged: Changes };
  const mark = (viewer: typeof older, ids: string[], marker: string) => {
    const canvas = viewer.get('canvas') as { addMarker(id: string, m: string): void };
    const registry = viewer.get('elementRegistry') as { get(id: string): unknown };
    for (const id of ids) if (registry.get(id)) canvas.addMarker(id, marker);
  };
  const added = Object.keys(result._added);
  const removed = Object.keys(result._removed);
  const changed = Object.keys(result._changed);
  mark(newer, added, 'diff-added');
  mark(older, removed, 'diff-removed');
  mark(older, changed, 'diff-changed');
  mark(newer, changed, 'diff-changed');
  type FitCanvas = Parameters<typeof fitDiagram>[0];
  fitDiagram(older.get('canvas') as FitCanvas, beforeBox);
  fitDiagram(newer.get('canvas') as FitCanvas, afterBox);
  // A process is long: both diagrams open on the area of the changes (the whole diagram is a scroll away).
  type Shape = { x?: number; y?: number; width?: number; height?: number; waypoints?: Array<{ x: number; y: number }> };
  const newerRegistry = newer.get('elementRegistry') as { get(id: string): Shape | undefined };
  const points = [...added, ...changed]
    .map((id) => newerRegistry.get(id))
    .flatMap((e) => (!e ? [] : e.waypoints ?? [{ x: e.x!, y: e.y! }, { x: e.x! + (e.width ?? 0), y: e.y! + (e.height ?? 0) }]));
  if (points.length) {
    const xs = points.map((p) => p.x);
    const ys = points.map((p) => p.y);
    const cx = (Math.min(...xs) + Math.max(...xs)) / 2;
    const cy = (Math.min(...ys) + Math.max(...ys)) / 2;
    const width = Math.max(900, Math.max(...xs) - Math.min(...xs) + 400);
    const height = (width * afterBox.clientHeight) / Math.max(1, afterBox.clientWidth);
    for (const viewer of [older, newer]) (viewer.get('canvas') as { viewbox(b: { x: number; y: number; width: number; height: number }): void }).viewbox({ x: cx - width / 2, y: cy - height / 2, width, height });
  }

  const nameOf = (changes: Changes, id: string) => {
    const e = changes[id];
    const name = e?.model?.name ?? e?.name;
    if (name) return name.replace(/\s+/g, ' ');
    return `${(e?.model?.$type ?? e?.$type) === 'bpmn:SequenceFlow' ? '连线' : '元素'} ${id}`;
  };
  const summary = document.getElementById('diff-summary')!;
  const rows: Array<[string, string, string[]]> = [
    ['新增', 'added', added.map((id) => nameOf(result._added, id))],
    ['删除', 'removed', removed.map((id) => nameOf(result._removed, id))],
    ['修改', 'changed', changed.map((id) => nameOf(result._changed, id))],
  ];
  summary.innerHTML = '';
  for (const [label, kind, names] of rows) {
    const p = document.createElement('p');
    const tag = document.createElement('span');
    tag.className = kind;
    tag.textContent = `${label}（${names.length}）`;
    p.append(tag, document.createTextNode(names.length ? `：${names.join('、')}` : '：无'));
    summary.appendChild(p);
  }
}

void mount();
