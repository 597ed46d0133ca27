/**
 * What a process definition id stands for (process id and version), and the
 * properties the translation put on its elements. Definitions never change
 * once deployed, so both are cached for the life of the adapter.
 */
import type { OperatonRest } from './rest-client.js';

interface DefinitionDto {
  id: string;
  key: string;
  version: number;
}

export interface Definition {
  bpmnProcessId: string;
  version: number;
}

export class Definitions {
  private readonly byId = new Map<string, Promise<Definition>>();
  private readonly properties = new Map<string, Promise<Map<string, Record<string, string>>>>();

  constructor(private readonly rest: OperatonRest) {}

  /** Operaton ids are `key:version:uuid`, or a bare UUID when that would be too long. */
  definition(processDefinitionId: string): Promise<Definition> {
    let found = this.byId.get(processDefinitionId);
    if (!found) {
      const parts = processDefinitionId.split(':');
      found =
        parts.length === 3 && /^\d+$/.test(parts[1])
          ? Promise.resolve({ bpmnProcessId: parts[0], version: Number(parts[1]) })
          : this.rest.get<DefinitionDto>(`/process-definition/${encodeURIComponent(processDefinitionId)}`).then((d) => ({ bpmnProcessId: d.key, version: d.version }));
      found.catch(() => this.byId.delete(processDefinitionId));
      this.byId.set(processDefinitionId, found);
    }
    return found;
  }

  remember(dto: DefinitionDto): void {
    this.byId.set(dto.id, Promise.resolve({ bpmnProcessId: dto.key, version: dto.version }));
  }

  /** The operaton:properties of an element, read from the deployed (translated) XML. */
  async elementProperties(processDefinitionId: string, activityId: string): Promise<Record<string, string>> {
    let found = this.properties.get(processDefinitionId);
    if (!found) {
      found = this.rest
        .get<{ bpmn20Xml: string }>(`/process-definition/${encodeURIComponent(processDefinitionId)}/xml`)
        .then(({ bpmn20Xml }) => propertiesByElement(bpmn20Xml));
      found.catch(() => this.properties.delete(processDefinitionId));
      this.properties.set(processDefinitionId, found);
    }
    return (await found).get(activityId) ?? {};
  }
}

const ENTITIES: Record<string, string> = { '&quot;': '"', '&#34;': '"', '&amp;': '&', '&lt;': '<', '&gt;': '>', '&apos;': "'", '&#39;': "'" };

function unescape(text: string): string {
  return text.replace(/&(?:quot|amp|lt|gt|apos|#34|#39);/g, (e) => ENTITIES[e]);
}

/** The translation writes properties as `operaton:property name value` inside the element they belong to. */
export function propertiesByElement(xml: string): Map<string, Record<string, string>> {
  const result = new Map<string, Record<string, string>>();
  const element = /<(?:[\w-]+:)?serviceTask\b[^>]*\bid="([^"]+)"[^>]*>([\s\S]*?)<\/(?:[\w-]+:)?serviceTask>/g;
  for (const [, id, body] of xml.matchAll(element)) {
    const properties: Record<string, string> = {};
    for (const [, name, value] of body.matchAll(/<(?:[\w-]+:)?property\s+name="([^"]*)"\s+value="([^"]*)"/g)) properties[unescape(name)] = unescape(value);
    result.set(id, properties);
  }
  return result;
}
