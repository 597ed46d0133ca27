/**
 * The monitor's queries on Operaton: process definitions by version, the
 * engine's own activity statistics for where running instances wait, and
 * its history for one instance (the elements it waits at and has left, its
 * process-level variables).
 */
import type { Incident, InstanceDetail, InstanceState, InstanceSummary, ProcessVersion, VersionStatistics } from '../port.js';
import { OperatonError, type OperatonRest } from './rest-client.js';
import { META } from './translate.js';
import { fromTypedVariables, visibleVariables, type TypedValue } from './variables.js';

interface HistoricInstance {
  id: string;
  processDefinitionId: string;
  processDefinitionKey: string;
  processDefinitionVersion: number;
  startTime: string | null;
  endTime: string | null;
  state: 'ACTIVE' | 'SUSPENDED' | 'COMPLETED' | 'EXTERNALLY_TERMINATED' | 'INTERNALLY_TERMINATED';
}

interface ActivityStatistics {
  id: string;
  instances: number;
  incidents: Array<{ incidentType: string; incidentCount: number }>;
}

/** The history API's filter per state: boolean parameters (it ignores `state`). */
const HISTORY_FILTERS: Record<Exclude<InstanceState, 'incident'>, string> = { active: 'unfinished', completed: 'completed', canceled: 'externallyTerminated' };
/** Activity types that are containers or the process itself, not places on the diagram a token waits. */
const NOT_ELEMENTS = new Set(['processDefinition', 'subProcess', 'multiInstanceBody']);

function stateOf(instance: HistoricInstance, withIncident: Set<string>): InstanceState {
  if (instance.state === 'COMPLETED') return 'completed';
  if (instance.state === 'EXTERNALLY_TERMINATED' || instance.state === 'INTERNALLY_TERMINATED') return 'canceled';
  return withIncident.has(instance.id) ? 'incident' : 'active';
}

function summary(instance: HistoricInstance, withIncident: Set<string>): InstanceSummary {
  return {
    processInstanceKey: instance.id,
    bpmnProcessId: instance.processDefinitionKey,
    version: instance.processDefinitionVersion,
    processDefinitionKey: instance.processDefinitionId,
    state: stateOf(instance, withIncident),
    startedAt: instance.startTime ? new Date(instance.startTime) : null,
    endedAt: instance.endTime ? new Date(instance.endTime) : null,
  };
}

/** Elements the translation added (the mapping event after an error boundary) are not on the analyst's diagram. */
const onDiagram = (elementId: string) => !elementId.startsWith(META.prefix);

export class OperatonMonitor {
  constructor(private readonly rest: OperatonRest) {}

  async processVersions(bpmnProcessId: string): Promise<ProcessVersion[]> {
    const definitions = await this.rest.get<Array<{ id: string; key: string; version: number }>>(
      `/process-definition?key=${encodeURIComponent(bpmnProcessId)}&sortBy=version&sortOrder=asc`,
    );
    return definitions.map((d) => ({ bpmnProcessId: d.key, version: d.version, processDefinitionKey: d.id }));
  }

  async versionStatistics(processDefinitionKey: string): Promise<VersionStatistics> {
    const id = encodeURIComponent(processDefinitionKey);
    const count = async (query: string) => (await this.rest.get<{ count: number }>(`/history/process-instance/count?processDefinitionId=${id}&${query}`)).count;
    const [activities, running, withIncidents, completed, external, internal] = await Promise.all([
      this.rest.get<ActivityStatistics[]>(`/process-definition/${id}/statistics?incidents=true`),
      count('unfinished=true'),
      count('unfinished=true&withIncidents=true'),
      count('completed=true'),
      count('externallyTerminated=true'),
      count('internallyTerminated=true'),
    ]);
    return {
      processDefinitionKey,
      instances: { active: running - withIncidents, incident: withIncidents, completed, canceled: external + internal },
      elements: activities
        .filter((a) => onDiagram(a.id))
        .map((a) => ({ elementId: a.id, active: a.instances, incidents: a.incidents.reduce((n, i) => n + i.incidentCount, 0) })),
    };
  }

  async listInstances(filter: { processDefinitionKey: string; state?: InstanceState; limit?: number; offset?: number }): Promise<InstanceSummary[]> {
    const query = new URLSearchParams({
      processDefinitionId: filter.processDefinitionKey,
      sortBy: 'startTime',
      sortOrder: 'desc',
      firstResult: String(filter.offset ?? 0),
      maxResults: String(filter.limit ?? 50),
    });
    if (filter.state === 'incident') query.set('withIncidents', 'true');
    else if (filter.state) query.set(HISTORY_FILTERS[filter.state], 'true');
    const [instances, incidents] = await Promise.all([
      this.rest.get<HistoricInstance[]>(`/history/process-instance?${query}`),
      this.rest.get<Array<{ processInstanceId: string }>>(`/incident?processDefinitionId=${encodeURIComponent(filter.processDefinitionKey)}`),
    ]);
    const withIncident = new Set(incidents.map((i) => i.processInstanceId));
    const summaries = instances.map((i) => summary(i, withIncident));
    return filter.state === 'active' ? summaries.filter((s) => s.state === 'active') : summaries;
  }

  async instance(processInstanceKey: string, incidents: Incident[]): Promise<InstanceDetail | null> {
    const id = encodeURIComponent(processInstanceKey);
    let instance: HistoricInstance;
    try {
      instance = await this.rest.get<HistoricInstance>(`/history/process-instance/${id}`);
    } catch (err) {
      if (err instanceof OperatonError && err.status === 404) return null;
      throw err;
    }
    const [activities, variables] = await Promise.all([
      this.rest.get<Array<{ activityId: string; activityType: string; endTime: string | null; canceled: boolean }>>(
        `/history/activity-instance?processInstanceId=${id}&sortBy=startTime&sortOrder=asc`,
      ),
      this.rest.get<Array<{ name: string; activityInstanceId: string } & TypedValue>>(
        `/history/variable-instance?processInstanceId=${id}&deserializeValues=false`,
      ),
    ]);
    const elements = activities.filter((a) => !NOT_ELEMENTS.has(a.activityType) && onDiagram(a.activityId));
    const processScope = variables.filter((v) => v.activityInstanceId === processInstanceKey);
    return {
      ...summary(instance, new Set(incidents.length ? [instance.id] : [])),
      activeElementIds: [...new Set(elements.filter((a) => !a.endTime).map((a) => a.activityId))],
      completedElementIds: [...new Set(elements.filter((a) => a.endTime && !a.canceled).map((a) => a.activityId))],
      variables: visibleVariables(fromTypedVariables(Object.fromEntries(processScope.map((v) => [v.name, v])))),
      incidents,
    };
  }
}
