/** The BPMN XML the diagram container names by URL (server/portals/diagrams.ts); the browser keeps it, the URL being named by digest. */
export async function diagramSource(container: HTMLElement): Promise<string> {
  const response = await fetch(container.dataset.xmlUrl ?? '', { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`流程图读取失败（${response.status}）`);
  return response.text();
}
