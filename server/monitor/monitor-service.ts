/**
 * What the analysts' monitor shows, read through the engine port (so it is
 * the same on the embedded engine and on Operaton) and the database: per
 * process and version the instances by state and where they wait, one
 * instance with its path, variables, incidents and case, and the inbox tasks
 * near or past their time limit (rule 16).
 */
import { Op } from 'sequelize';
import type { Clock } from '../clock.js';
import type { Models } from '../db/models/index.js';
import { workingDayDeadline } from '../domain/working-days.js';
import type { ProcessCatalog } from '../engine/process-catalog.js';
import type { EnginePort, Incident, InstanceState } from '../engine/port.js';

export interface MonitorDeps {
  engine: EnginePort;
  catalog: ProcessCatalog;
  models: Models;
  clock: Clock;
}

/** Rule 16's warning: a task is "due soon" within this many working days of its limit. */
const DUE_SOON_WORKING_DAYS = 3;
export const STATE_NAMES: Record<InstanceState, string> = { active: '运行中', incident: '有故障', completed: '已完成', canceled: '已取消' };

export class MonitorService {
  constructor(private readonly deps: MonitorDeps) {}

  /** Every process this deployment runs, with its open incidents. */
  async overview() {
    const incidents = await this.deps.engine.listIncidents();
    const byProcess = new Map<string, number>();
    for (const incident of incidents) byProcess.set(incident.bpmnProcessId, (byProcess.get(incident.bpmnProcessId) ?? 0) + 1);
    const processes = this.deps.catalog
      .processIds()
      .map((id) => ({ id, name: this.deps.catalog.process(id)?.name ?? id, incidents: byProcess.get(id) ?? 0 }))
      .sort((a, b) => a.id.localeCompare(b.id));
    return { processes, incidents: incidents.length };
  }

  async version(bpmnProcessId: string, version?: number, state?: InstanceState, page = 1) {
    const versions = await this.deps.engine.processVersions(bpmnProcessId);
    if (!versions.length) return null;
    const chosen = versions.find((v) => v.version === version) ?? versions[versions.length - 1];
    const pageSize = 20;
    const [statistics, instances] = await Promise.all([
      this.deps.engine.versionStatistics(chosen.processDefinitionKey),
      this.deps.engine.listInstances({ processDefinitionKey: chosen.processDefinitionKey, state, limit: pageSize + 1, offset: (page - 1) * pageSize }),
    ]);
    const info = this.deps.catalog.process(bpmnProcessId, chosen.version);
    return {
      versions,
      chosen,
      statistics,
      instances: instances.slice(0, pageSize),
      hasNext: instances.length > pageSize,
      page,
      name: info?.name ?? bpmnProcessId,
      diagram: info ?? null,
      elementNames: Object.fromEntries([...(info?.elements.values() ?? [])].map((e) => [e.id, e.name])),
    };
  }

  async instance(processInstanceKey: string) {
    const detail = await this.deps.engine.instance(processInstanceKey);
    if (!detail) return null;
    const info = this.deps.catalog.process(detail.bpmnProcessId, detail.version);
    const application = await this.deps.models.Application.findOne({ where: { processInstanceKey } });
    const tasks = await this.deps.models.InboxTask.findAll({ where: { processInstanceKey }, order: [['id', 'ASC']] });
    return { detail, name: info?.name ?? detail.bpmnProcessId, diagram: info ?? null, application, tasks, elementName: (id: string) => info?.elements.get(id)?.name ?? id };
  }

  async incident(incidentKey: string): Promise<Incident | undefined> {
    return (await this.deps.engine.listIncidents()).find((i) => i.key === incidentKey);
  }

  /** Gives the failed job its retries again: the engine resolves the incident and the job runs once more. */
  async retry(incidentKey: string): Promise<Incident> {
    const incident = await this.incident(incidentKey);
    if (!incident) throw new Error('故障不存在或已处理');
    await this.deps.engine.resolveIncident(incidentKey, 1);
    return incident;
  }

  /** Open inbox tasks past their limit or within three working days of it, soonest first. */
  async dueTasks() {
    const now = this.deps.clock.now();
    const soon = workingDayDeadline(now, DUE_SOON_WORKING_DAYS, 23);
    const tasks = await this.deps.models.InboxTask.findAll({
      where: { status: 'open', dueAt: { [Op.ne]: null, [Op.lte]: soon } },
      order: [['dueAt', 'ASC']],
      limit: 100,
    });
    return tasks.map((t) => ({ task: t, overdue: t.dueAt! < now }));
  }
}
