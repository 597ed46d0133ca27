/**
 * Shows a case's process with bpmn-js, the finished steps and the current
 * position highlighted, from the XML at the URL the page names and the element ids the server put in it.
 */
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { fitDiagram } from './lib/diagram-fit.js';
import { diagramSource } from './lib/diagram-source.js';

async function mount(): Promise<void> {
  const container = document.getElementById('diagram');
  if (!container) return;
  const marks = JSON.parse(document.getElementById('diagram-marks')?.textContent || '{}') as { active?: string[]; done?: string[]; failed?: string[] };
  const viewer = new NavigatedViewer({ container });
  await viewer.importXML(await diagramSource(container));
  const canvas = viewer.get('canvas') as Parameters<typeof fitDiagram>[0] & { addMarker(id: string, marker: string): void };
  fitDiagram(canvas, container);
  for (const id of marks.done ?? []) canvas.addMarker(id, 'zhuce-done');
  for (const id of marks.active ?? []) canvas.addMarker(id, 'zhuce-active');
  for (const id of marks.failed ?? []) canvas.addMarker(id, 'zhuce-failed');
}

void mount();
