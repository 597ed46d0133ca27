/**
 * A process version on its diagram with, at each element, how many running
 * instances wait there and how many of those have an incident — the counts
 * the server put in the page.
 */
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { fitDiagram } from './lib/diagram-fit.js';
import { diagramSource } from './lib/diagram-source.js';

interface Count {
  elementId: string;
  active: number;
  incidents: number;
}

function badge(text: string, kind: 'active' | 'incident'): HTMLElement {
  const span = document.createElement('span');
  span.className = `monitor-count monitor-${kind}`;
  span.textContent = text;
  return span;
}

async function mount(): Promise<void> {
  const container = document.getElementById('diagram');
  if (!container) return;
  const counts = JSON.parse(document.getElementById('diagram-counts')?.textContent || '[]') as Count[];
  const viewer = new NavigatedViewer({ container });
  await viewer.importXML(await diagramSource(container));
  const canvas = viewer.get('canvas') as Parameters<typeof fitDiagram>[0];
  const registry = viewer.get('elementRegistry') as { get(id: string): unknown };
  const overlays = viewer.get('overlays') as { add(id: string, overlay: { position: Record<string, number>; html: HTMLElement }): void };
  fitDiagram(canvas, container);
  for (const count of counts) {
    if (!registry.get(count.elementId)) continue;
    const waiting = count.active - count.incidents;
    if (waiting > 0) overlays.add(count.elementId, { position: { bottom: 12, left: -8 }, html: badge(String(waiting), 'active') });
    if (count.incidents > 0) overlays.add(count.elementId, { position: { bottom: 12, right: 8 }, html: badge(String(count.incidents), 'incident') });
  }
}

void mount();
