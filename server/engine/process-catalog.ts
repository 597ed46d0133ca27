/**
 * What the application needs to know about deployed BPMN that Zeebe's jobs do
 * not carry: element names, linked form ids, task headers, process
 * properties (matter codes). Filled from the same resources that are deployed,
 * keyed by process id and the version the engine assigned.
 */
import { createHash } from 'node:crypto';
import { BpmnModdle } from 'bpmn-moddle';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import type { Deployment, Resource } from './port.js';

export interface ElementInfo {
  id: string;
  type: string;
  name: string;
  formId?: string;
  candidateGroups?: string;
  headers: Record<string, string>;
}

export interface ProcessInfo {
  bpmnProcessId: string;
  name: string;
  properties: Record<string, string>;
  elements: Map<string, ElementInfo>;
  /** The BPMN XML of the resource the process came from (for the diagram viewer). */
  xml: string;
  /** Names this text for good: the diagram's URL carries it, so browsers may keep the XML (portals/cases.ts). */
  digest: string;
}

type ModdleElement = {
  $type: string;
  id: string;
  name?: string;
  flowElements?: ModdleElement[];
  extensionElements?: { values?: ModdleElement[] };
  [key: string]: unknown;
};

function extensions(element: ModdleElement, type: string): ModdleElement[] {
  return (element.extensionElements?.values ?? []).filter((v) => v.$type === type);
}

/** The form of a process's start event: what the applicant filled in. */
export function startFormId(info: ProcessInfo): string | undefined {
  return [...info.elements.values()].find((e) => e.type === 'bpmn:StartEvent' && e.formId)?.formId;
}

function describeElement(element: ModdleElement): ElementInfo {
  const form = extensions(element, 'zeebe:FormDefinition')[0];
  const assignment = extensions(element, 'zeebe:AssignmentDefinition')[0];
  const headers: Record<string, string> = {};
  for (const list of extensions(element, 'zeebe:TaskHeaders')) {
    for (const h of (list.values as Array<{ key: string; value: string }>) ?? []) headers[h.key] = h.value;
  }
  return {
    id: element.id,
    type: element.$type,
    name: element.name ?? element.id,
    formId: form?.formId as string | undefined,
    candidateGroups: assignment?.candidateGroups as string | undefined,
    headers,
  };
}

function collectElements(container: ModdleElement, into: Map<string, ElementInfo>): void {
  for (const element of container.flowElements ?? []) {
    into.set(element.id, describeElement(element));
    if (element.flowElements) collectElements(element, into);
  }
}

/**
 * Parsed sources by their text. Every start records each version the
 * deployments table holds and each baseline file again, and most of those
 * sources are the same text: a start profile (bench row 5, --cpu-prof) spent
 * 2.5 s of ≈19 s of CPU in bpmn-moddle parsing them over and over. ProcessInfo
 * is never changed after parsing, so one parse per distinct text serves all.
 */
const parsedSources = new Map<string, Promise<ProcessInfo[]>>();

export function parseProcesses(xml: string): Promise<ProcessInfo[]> {
  let parsed = parsedSources.get(xml);
  if (!parsed) {
    parsed = parseProcessesOnce(xml);
    parsedSources.set(xml, parsed);
    // A source that does not parse is not kept: the caller sees the error, and a later call tries again.
    parsed.catch(() => parsedSources.delete(xml));
  }
  return parsed;
}

async function parseProcessesOnce(xml: string): Promise<ProcessInfo[]> {
  const moddle = new BpmnModdle({ zeebe: zeebeModdle });
  const { rootElement } = await moddle.fromXML(xml);
  const digest = createHash('sha256').update(xml).digest('hex').slice(0, 20);
  const processes = ((rootElement as unknown as { rootElements: ModdleElement[] }).rootElements ?? []).filter(
    (e) => e.$type === 'bpmn:Process',
  );
  return processes.map((p) => {
    const properties: Record<string, string> = {};
    for (const list of extensions(p, 'zeebe:Properties')) {
      for (const prop of (list.properties as Array<{ name: string; value: string }>) ?? []) properties[prop.name] = prop.value;
    }
    const elements = new Map<string, ElementInfo>();
    collectElements(p, elements);
    return { bpmnProcessId: p.id, name: p.name ?? p.id, properties, elements, xml, digest };
  });
}

export class ProcessCatalog {
  private readonly byVersion = new Map<string, ProcessInfo>();
  private readonly latest = new Map<string, { version: number; info: ProcessInfo }>();

  /** Records what a deployment made of these resources. */
  async record(resources: Resource[], deployment: Deployment): Promise<void> {
    for (const resource of resources.filter((r) => r.name.endsWith('.bpmn'))) {
      const parsed = await parseProcesses(resource.content.toString());
      for (const info of parsed) {
        const deployed = deployment.processes.find((p) => p.bpmnProcessId === info.bpmnProcessId);
        if (!deployed) continue;
        this.byVersion.set(`${info.bpmnProcessId}#${deployed.version}`, info);
        const current = this.latest.get(info.bpmnProcessId);
        if (!current || current.version <= deployed.version) this.latest.set(info.bpmnProcessId, { version: deployed.version, info });
      }
    }
  }

  /** Records one version of a process from its source, as the deployments table keeps it (versions deployed before this start). */
  async recordVersion(xml: string, bpmnProcessId: string, version: number): Promise<void> {
    const info = (await parseProcesses(xml)).find((p) => p.bpmnProcessId === bpmnProcessId);
    if (!info) return;
    this.byVersion.set(`${bpmnProcessId}#${version}`, info);
    const current = this.latest.get(bpmnProcessId);
    if (!current || current.version <= version) this.latest.set(bpmnProcessId, { version, info });
  }

  /** The versions recorded for a process, oldest first. */
  versions(bpmnProcessId: string): number[] {
    const prefix = `${bpmnProcessId}#`;
    return [...this.byVersion.keys()].filter((k) => k.startsWith(prefix)).map((k) => Number(k.slice(prefix.length))).sort((a, b) => a - b);
  }

  /** Every process id deployed through this catalog. */
  processIds(): string[] {
    return [...this.latest.keys()];
  }

  process(bpmnProcessId: string, version?: number): ProcessInfo | undefined {
    return version === undefined
      ? this.latest.get(bpmnProcessId)?.info
      : (this.byVersion.get(`${bpmnProcessId}#${version}`) ?? this.latest.get(bpmnProcessId)?.info);
  }

  /** The recorded version of a process whose source has this digest. */
  diagram(bpmnProcessId: string, digest: string): ProcessInfo | undefined {
    for (const [key, info] of this.byVersion) if (info.digest === digest && key.startsWith(`${bpmnProcessId}#`)) return info;
    return undefined;
  }

  element(bpmnProcessId: string, version: number, elementId: string): ElementInfo | undefined {
    return this.process(bpmnProcessId, version)?.elements.get(elementId);
  }
}
