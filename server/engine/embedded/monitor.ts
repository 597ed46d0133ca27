/**
 * The monitor's queries on the embedded engine's tables: versions, where the
 * instances of a version wait, and one instance with the elements it waits
 * at (jobs, message subscriptions, timers, incidents) and those it has left
 * (engine_element_history).
 */
import { Op } from 'sequelize';
import type { Incident, InstanceDetail, InstanceState, InstanceSummary, ProcessVersion, VersionStatistics } from '../port.js';
import type { EngineStore, InstanceRow, InstanceState as RowState } from './store.js';

const OPEN_JOB_STATES = ['activatable', 'activated', 'failed'];

function stateOf(row: InstanceRow, withIncident: Set<string>): InstanceState {
  if (row.state === 'completed') return 'completed';
  if (row.state === 'terminated') return 'canceled';
  if (row.state === 'failed' || withIncident.has(row.key)) return 'incident';
  return 'active';
}

function summary(row: InstanceRow, withIncident: Set<string>): InstanceSummary {
  return {
    processInstanceKey: row.key,
    bpmnProcessId: row.bpmnProcessId,
    version: row.version,
    processDefinitionKey: row.processDefinitionKey,
    state: stateOf(row, withIncident),
    startedAt: new Date(row.createdAt),
    endedAt: row.endedAt ? new Date(row.endedAt) : null,
  };
}

export class EmbeddedMonitor {
  constructor(private readonly store: EngineStore) {}

  async processVersions(bpmnProcessId: string): Promise<ProcessVersion[]> {
    const rows = await this.store.all(this.store.definitions, { bpmnProcessId }, undefined, [['version', 'ASC']]);
    return rows.map((d) => ({ bpmnProcessId: d.bpmnProcessId, version: d.version, processDefinitionKey: d.key }));
  }

  async versionStatistics(processDefinitionKey: string): Promise<VersionStatistics> {
    const instances = await this.store.all(this.store.instances, { processDefinitionKey });
    const running = instances.filter((i) => i.state === 'active').map((i) => i.key);
    const [jobs, subscriptions, timers, incidents] = await this.waitsOf(running);
    const withIncident = new Set(incidents.map((i) => i.processInstanceKey));
    const counts: Record<InstanceState, number> = { active: 0, completed: 0, canceled: 0, incident: 0 };
    for (const row of instances) counts[stateOf(row, withIncident)] += 1;
    const elements = new Map<string, { elementId: string; active: number; incidents: number }>();
    const at = (elementId: string) => elements.get(elementId) ?? elements.set(elementId, { elementId, active: 0, incidents: 0 }).get(elementId)!;
    for (const wait of [...jobs, ...subscriptions, ...timers]) at(wait.elementId).active += 1;
    for (const incident of incidents) at(incident.elementId).incidents += 1;
    return { processDefinitionKey, instances: counts, elements: [...elements.values()] };
  }

  async listInstances(filter: { processDefinitionKey: string; state?: InstanceState; limit?: number; offset?: number }): Promise<InstanceSummary[]> {
    const states: Record<InstanceState, RowState[]> = { active: ['active'], incident: ['active', 'failed'], completed: ['completed'], canceled: ['terminated'] };
    const rows = await this.store.instances.findAll({
      where: { processDefinitionKey: filter.processDefinitionKey, ...(filter.state ? { state: { [Op.in]: states[filter.state] } } : {}) },
      order: [['createdAt', 'DESC']],
      ...(filter.state === 'active' || filter.state === 'incident' ? {} : { limit: filter.limit ?? 50, offset: filter.offset ?? 0 }),
    });
    const list = rows.map((m) => m.get({ plain: true }) as InstanceRow);
    const incidents = await this.store.all(this.store.incidents, { processInstanceKey: { [Op.in]: list.map((r) => r.key) } });
    const withIncident = new Set(incidents.map((i) => String(i.processInstanceKey)));
    const summaries = list.map((r) => summary({ ...r, key: String(r.key), processDefinitionKey: String(r.processDefinitionKey), createdAt: Number(r.createdAt), endedAt: r.endedAt === null ? null : Number(r.endedAt) }, withIncident));
    if (filter.state !== 'active' && filter.state !== 'incident') return summaries;
    // Active and incident differ by an open incident, which the instances table does not hold: filter, then page.
    const offset = filter.offset ?? 0;
    return summaries.filter((s) => s.state === filter.state).slice(offset, offset + (filter.limit ?? 50));
  }

  async instance(processInstanceKey: string, incidentsOf: (key: string) => Promise<Incident[]>): Promise<InstanceDetail | null> {
    // The embedded engine's keys are numbers, as Zeebe's: anything else names no instance.
    if (!/^\d{1,19}$/.test(processInstanceKey)) return null;
    const row = await this.store.one(this.store.instances, { key: processInstanceKey });
    if (!row) return null;
    const [jobs, subscriptions, timers] = await this.waitsOf(row.state === 'active' ? [row.key] : []);
    const incidents = await incidentsOf(row.key);
    const history = await this.store.all(this.store.history, { processInstanceKey: row.key });
    const data = JSON.parse(row.data) as { variables?: Record<string, unknown> };
    return {
      ...summary(row, new Set(incidents.length ? [row.key] : [])),
      activeElementIds: [...new Set([...jobs, ...subscriptions, ...timers, ...incidents].map((w) => w.elementId))],
      completedElementIds: [...new Set(history.map((h) => h.elementId))],
      variables: data.variables ?? {},
      incidents,
    };
  }

  private async waitsOf(instanceKeys: string[]) {
    const where = { processInstanceKey: { [Op.in]: instanceKeys } };
    return Promise.all([
      this.store.all(this.store.jobs, { ...where, state: { [Op.in]: OPEN_JOB_STATES } }),
      this.store.all(this.store.subscriptions, where),
      this.store.all(this.store.timers, where),
      this.store.all(this.store.incidents, where),
    ]);
  }
}
