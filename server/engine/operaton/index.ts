/**
 * The operaton engine adapter: EnginePort over Operaton's REST API, on one or
 * several engine nodes that share a PostgreSQL database (engine/operaton,
 * scripts/operaton.sh). The processes stay Zeebe-flavoured; translate.ts
 * turns each into what Operaton runs when it is deployed.
 *
 * - Service tasks and job-worker user tasks are external tasks; workers of
 *   every topic share one long poll (workers.ts). User tasks keep Zeebe's
 *   job type and headers, so the inbox receives them as from Zeebe.
 * - Messages keep Zeebe's time to live and message ids (messages.ts).
 * - Incidents are Operaton's own; resolving one gives its task or job retries.
 */
import os from 'node:os';
import type { Sequelize } from 'sequelize';
import {
  THROWN_HANDLER_RETRY_BACKOFF_MS,
  type Deployment,
  type DeployedProcess,
  type EnginePort,
  type Incident,
  type InstanceDetail,
  type InstanceState,
  type InstanceSummary,
  type JobResult,
  type ProcessInstance,
  type ProcessVersion,
  type PublishMessage,
  type Resource,
  type Variables,
  type VersionStatistics,
  type WorkerHandle,
  type WorkerOptions,
} from '../port.js';
import { Definitions } from './definitions.js';
import { FormVersions } from './forms.js';
import { MessageBuffer } from './messages.js';
import { OperatonMonitor } from './monitor.js';
import { OperatonError, OperatonRest, OutcomeUnknown, retryOnConflict } from './rest-client.js';
import { operatonTables } from './tables.js';
import { META, USER_TASK_TOPIC, translateToOperaton } from './translate.js';
import { fromTypedVariables, toTypedVariables, visibleVariables } from './variables.js';
import { jobOf, TaskPoller, type LockedTask, type Registration } from './workers.js';

export interface OperatonEngineOptions {
  /** Base URLs of the nodes' REST API, e.g. http://127.0.0.1:8080/engine-rest. */
  urls: string[];
  user: string;
  password: string;
  sequelize: Sequelize;
  /** This app server's lock owner; by default one per host and process, so a server knows which locks are its own (workers.ts). */
  workerId?: string;
  deploymentName?: string;
  log?: (msg: string) => void;
}

interface DeploymentDto {
  id: string;
  deployedProcessDefinitions?: Record<string, { id: string; key: string; version: number; resource: string }> | null;
}

interface IncidentDto {
  id: string;
  processDefinitionId: string;
  processInstanceId: string;
  executionId: string;
  incidentTimestamp: string;
  incidentType: string;
  activityId: string;
  failedActivityId?: string;
  configuration: string | null;
  incidentMessage: string | null;
}

const USER_TASK_LOCALS = Object.values(META.assignment);
const LIST_HEADERS = new Set(['candidateGroups', 'candidateUsers']);

export class OperatonEngine implements EnginePort {
  readonly kind = 'operaton' as const;
  private readonly rest: OperatonRest;
  private readonly definitions: Definitions;
  private readonly forms: FormVersions;
  private readonly messages: MessageBuffer;
  private readonly poller: TaskPoller;
  private readonly monitor: OperatonMonitor;
  private readonly log: (msg: string) => void;
  private readonly workerId: string;
  private readonly deploymentName: string;
  /** Process ids this adapter deployed; its workers fetch only their tasks (several applications may share the engine). */
  private readonly deployedProcesses = new Set<string>();

  constructor(options: OperatonEngineOptions) {
    this.log = options.log ?? (() => {});
    this.rest = new OperatonRest({ urls: options.urls, user: options.user, password: options.password, log: this.log });
    this.definitions = new Definitions(this.rest);
    const tables = operatonTables(options.sequelize);
    this.forms = new FormVersions(tables);
    this.messages = new MessageBuffer(this.rest, tables, () => new Date(), this.log);
    this.workerId = options.workerId ?? `zhuce-${os.hostname()}-${process.pid}`;
    this.monitor = new OperatonMonitor(this.rest);
    this.deploymentName = options.deploymentName ?? 'zhuce';
    this.poller = new TaskPoller(
      this.rest,
      this.workerId,
      (task, registration) => this.run(task, registration),
      USER_TASK_LOCALS,
      () => [...this.deployedProcesses],
      this.log,
    );
  }

  async start(): Promise<void> {
    const { count } = await this.rest.get<{ count: number }>('/process-definition/count');
    this.log(`operaton: connected (${this.rest.nodeCount} node(s), ${count} process definition(s))`);
    this.messages.start();
  }

  async stop(): Promise<void> {
    await this.poller.stop();
    await this.messages.stop();
  }

  async deploy(resources: Resource[]): Promise<Deployment> {
    const form = new FormData();
    form.append('deployment-name', this.deploymentName);
    form.append('enable-duplicate-filtering', 'true');
    form.append('deploy-changed-only', 'true');
    const processIds = new Map<string, string>();
    for (const resource of resources) {
      const text = resource.content.toString();
      let content = text;
      if (resource.name.endsWith('.bpmn')) {
        content = await translateToOperaton(resource.name, text);
        for (const [, id] of content.matchAll(/<(?:[\w-]+:)?process\b[^>]*?\bid="([^"]+)"/g)) processIds.set(id, resource.name);
      } else if (!resource.name.endsWith('.form')) {
        throw new Error(`operaton: cannot deploy "${resource.name}": the name must end in .bpmn or .form`);
      }
      form.append(resource.name, new Blob([content], { type: resource.name.endsWith('.form') ? 'application/json' : 'application/xml' }), resource.name);
    }
    // Duplicate filtering makes a repeated deployment a no-op, so it may move on to another node.
    const created = await this.rest.post<DeploymentDto>('/deployment/create', form, { timeoutMs: 120_000, idempotent: true });
    const deployment: Deployment = { key: created.id, processes: [], forms: [] };
    const fresh = Object.values(created.deployedProcessDefinitions ?? {});
    for (const definition of fresh) this.definitions.remember(definition);
    for (const [bpmnProcessId, resourceName] of processIds) {
      const deployed = fresh.find((d) => d.key === bpmnProcessId) ?? (await this.latestDefinition(bpmnProcessId));
      deployment.processes.push(describe(deployed, resourceName));
      this.deployedProcesses.add(bpmnProcessId);
    }
    for (const resource of resources.filter((r) => r.name.endsWith('.form'))) {
      deployment.forms.push(await this.forms.record(resource.name, resource.content.toString(), created.id, new Date()));
    }
    return deployment;
  }

  /**
   * The case's application id is the business key, so a start whose answer
   * was lost with its node is found again instead of being started twice.
   */
  async createInstance(bpmnProcessId: string, variables: Variables = {}): Promise<ProcessInstance> {
    const businessKey = variables.applicationId === undefined || variables.applicationId === null ? undefined : String(variables.applicationId);
    const start = () =>
      this.rest.post<{ id: string; definitionId: string }>(`/process-definition/key/${encodeURIComponent(bpmnProcessId)}/start`, {
        variables: toTypedVariables(variables),
        ...(businessKey ? { businessKey } : {}),
      });
    let started: { id: string; definitionId: string };
    try {
      started = await start();
    } catch (err) {
      if (!(err instanceof OutcomeUnknown) || !businessKey) throw err;
      const [found] = await this.rest.get<Array<{ id: string; definitionId: string }>>(
        `/process-instance?processDefinitionKey=${encodeURIComponent(bpmnProcessId)}&businessKey=${encodeURIComponent(businessKey)}`,
      );
      started = found ?? (await start());
    }
    const definition = await this.definitions.definition(started.definitionId);
    return { processInstanceKey: started.id, bpmnProcessId: definition.bpmnProcessId, version: definition.version, processDefinitionKey: started.definitionId };
  }

  async cancelInstance(processInstanceKey: string): Promise<void> {
    await retryOnConflict(() => this.rest.delete(`/process-instance/${encodeURIComponent(processInstanceKey)}?skipCustomListeners=true`));
  }

  async publishMessage(message: PublishMessage): Promise<void> {
    await this.messages.publish(message);
  }

  registerWorker(options: WorkerOptions): WorkerHandle {
    const registration = this.poller.add(options);
    return {
      close: async () => {
        this.poller.remove(registration);
      },
    };
  }

  async completeJob(jobKey: string, variables: Variables = {}): Promise<void> {
    const task = await this.lockedTask(jobKey);
    await this.complete(jobKey, task.properties, variables, task.workerId);
  }

  async failJob(jobKey: string, errorMessage: string, retries: number, retryBackOffMs = 0, variables?: Variables): Promise<void> {
    await retryOnConflict(() =>
      this.rest.post(`/external-task/${encodeURIComponent(jobKey)}/failure`, {
        workerId: this.workerId,
        errorMessage,
        retries: Math.max(0, retries),
        retryTimeout: retryBackOffMs,
        ...(variables ? { variables: toTypedVariables(variables) } : {}),
      }, { idempotent: true }),
    );
  }

  async throwError(jobKey: string, errorCode: string, errorMessage = '', variables: Variables = {}): Promise<void> {
    const task = await this.lockedTask(jobKey);
    await this.bpmnError(jobKey, task.properties, errorCode, errorMessage, variables, task.workerId);
  }

  /**
   * A completion is sent again to another node when one fails in flight; if
   * the first had gone through, the engine no longer knows the task, and the
   * history tells that apart from a task the process left (withdrawn,
   * interrupted), which stays NOT_FOUND.
   */
  private async complete(jobKey: string, properties: Record<string, string>, variables: Variables = {}, workerId = this.workerId): Promise<void> {
    try {
      await retryOnConflict(() => this.rest.post(`/external-task/${encodeURIComponent(jobKey)}/complete`, completion(properties, variables, workerId), { idempotent: true }));
    } catch (err) {
      if (!(err instanceof OperatonError && err.status === 404)) throw err;
      const { count } = await this.rest.get<{ count: number }>(`/history/external-task-log/count?externalTaskId=${encodeURIComponent(jobKey)}&successLog=true`);
      if (count === 0) throw err;
    }
  }

  private async bpmnError(jobKey: string, properties: Record<string, string>, errorCode: string, errorMessage = '', variables: Variables = {}, workerId = this.workerId): Promise<void> {
    // Where an error boundary maps outputs, the translation reads the error's variables from one wrapper (translate.ts).
    const wrapped = properties[META.errorVariables] === 'wrap' ? { [META.errorWrapper]: variables } : variables;
    await retryOnConflict(() =>
      this.rest.post(`/external-task/${encodeURIComponent(jobKey)}/bpmnError`, {
        workerId,
        errorCode,
        errorMessage,
        variables: toTypedVariables(wrapped),
      }, { idempotent: true }),
    );
  }

  async listIncidents(filter: { processInstanceKey?: string } = {}): Promise<Incident[]> {
    const query = filter.processInstanceKey ? `?processInstanceId=${encodeURIComponent(filter.processInstanceKey)}` : '';
    const incidents = await this.rest.get<IncidentDto[]>(`/incident${query}`);
    return Promise.all(incidents.map((incident) => this.toIncident(incident)));
  }

  async resolveIncident(incidentKey: string, retries = 1): Promise<void> {
    const incident = await this.rest.get<IncidentDto>(`/incident/${encodeURIComponent(incidentKey)}`);
    if (incident.incidentType === 'failedExternalTask' && incident.configuration) {
      await this.rest.put(`/external-task/${encodeURIComponent(incident.configuration)}/retries`, { retries });
    } else if (incident.incidentType === 'failedJob' && incident.configuration) {
      await this.rest.put(`/job/${encodeURIComponent(incident.configuration)}/retries`, { retries });
    } else {
      throw new Error(`operaton: incident ${incidentKey} of type ${incident.incidentType} cannot be resolved by giving retries`);
    }
  }

  processVersions(bpmnProcessId: string): Promise<ProcessVersion[]> {
    return this.monitor.processVersions(bpmnProcessId);
  }

  versionStatistics(processDefinitionKey: string): Promise<VersionStatistics> {
    return this.monitor.versionStatistics(processDefinitionKey);
  }

  listInstances(filter: { processDefinitionKey: string; state?: InstanceState; limit?: number; offset?: number }): Promise<InstanceSummary[]> {
    return this.monitor.listInstances(filter);
  }

  async instance(processInstanceKey: string): Promise<InstanceDetail | null> {
    return this.monitor.instance(processInstanceKey, await this.listIncidents({ processInstanceKey }));
  }

  private async latestDefinition(bpmnProcessId: string) {
    const [latest] = await this.rest.get<Array<{ id: string; key: string; version: number; resource: string }>>(
      `/process-definition?key=${encodeURIComponent(bpmnProcessId)}&latestVersion=true`,
    );
    if (!latest) throw new Error(`operaton: ${bpmnProcessId} was deployed but the engine does not list it`);
    this.definitions.remember(latest);
    return latest;
  }

  /**
   * For a result given outside its handler (a user task submitted later,
   * perhaps through another app server): the task's properties, read from the
   * deployed model (cached per definition), and the server holding its lock,
   * as which it is completed. A task nobody holds (unlocked after a lost poll)
   * is refused by the engine until a poll locks it again.
   */
  private async lockedTask(jobKey: string): Promise<{ properties: Record<string, string>; workerId: string }> {
    const task = await this.rest.get<{ processDefinitionId: string; activityId: string; workerId: string | null }>(`/external-task/${encodeURIComponent(jobKey)}`);
    return { properties: await this.definitions.elementProperties(task.processDefinitionId, task.activityId), workerId: task.workerId ?? this.workerId };
  }

  private async run(task: LockedTask, registration: Registration): Promise<void> {
    const properties = task.extensionProperties ?? {};
    const all = fromTypedVariables(task.variables);
    const definition = await this.definitions.definition(task.processDefinitionId);
    const retries = task.retries ?? Number(properties[META.retries] ?? 3);
    const job = jobOf(task, {
      bpmnProcessId: definition.bpmnProcessId,
      processDefinitionVersion: definition.version,
      customHeaders: await this.headers(task.topicName, properties, all),
      variables: visibleVariables(all),
      retries,
    });
    let result: JobResult;
    try {
      result = await registration.options.handler(job);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.log(`operaton: handler for ${task.topicName} task ${task.id} threw: ${message}`);
      return this.failJob(task.id, message, retries - 1, THROWN_HANDLER_RETRY_BACKOFF_MS);
    }
    switch (result.outcome) {
      case 'complete':
        return this.complete(task.id, properties, result.variables);
      case 'fail':
        return this.failJob(task.id, result.errorMessage, result.retries ?? retries - 1, result.retryBackOffMs ?? 0, result.variables);
      case 'error':
        return this.bpmnError(task.id, properties, result.errorCode, result.errorMessage, result.variables);
      case 'forward':
        return;
    }
  }

  /** Task headers as Zeebe sends them; for user tasks also the form key, assignment and schedule. */
  private async headers(topic: string, properties: Record<string, string>, variables: Variables): Promise<Record<string, string>> {
    const headers = Object.fromEntries(Object.entries(properties).filter(([name]) => !name.startsWith(META.prefix)));
    if (topic !== USER_TASK_TOPIC) return headers;
    const formId = properties[META.formId];
    if (formId) {
      const formKey = await this.forms.latestKey(formId);
      if (formKey) headers['io.camunda.zeebe:formKey'] = formKey;
    }
    for (const [field, local] of Object.entries(META.assignment)) {
      const value = variables[local];
      if (value === null || value === undefined || value === '') continue;
      if (LIST_HEADERS.has(field)) {
        const list = Array.isArray(value) ? value.map(String) : String(value).split(',').map((v) => v.trim()).filter(Boolean);
        headers[`io.camunda.zeebe:${field}`] = JSON.stringify(list);
      } else headers[`io.camunda.zeebe:${field}`] = String(value);
    }
    return headers;
  }

  private async toIncident(incident: IncidentDto): Promise<Incident> {
    const definition = await this.definitions.definition(incident.processDefinitionId);
    let elementInstanceKey = incident.executionId;
    if (incident.incidentType === 'failedExternalTask' && incident.configuration) {
      const task = await this.rest.get<{ activityInstanceId: string }>(`/external-task/${encodeURIComponent(incident.configuration)}`).catch(() => null);
      if (task) elementInstanceKey = task.activityInstanceId;
    }
    return {
      key: incident.id,
      processInstanceKey: incident.processInstanceId,
      bpmnProcessId: definition.bpmnProcessId,
      elementId: incident.failedActivityId ?? incident.activityId,
      elementInstanceKey,
      ...(incident.configuration ? { jobKey: incident.configuration } : {}),
      errorType: incident.incidentType === 'failedExternalTask' || incident.incidentType === 'failedJob' ? 'JOB_NO_RETRIES' : incident.incidentType,
      errorMessage: incident.incidentMessage ?? '',
      createdAt: new Date(incident.incidentTimestamp),
    };
  }
}

/** With output mappings the job's variables stay local to the task and only the mappings reach the process, as in Zeebe. */
function completion(properties: Record<string, string>, variables: Variables, workerId: string) {
  const typed = toTypedVariables(variables);
  return properties[META.hasOutputs] === 'true' ? { workerId, localVariables: typed } : { workerId, variables: typed };
}

function describe(definition: { id: string; key: string; version: number }, resourceName: string): DeployedProcess {
  return { bpmnProcessId: definition.key, version: definition.version, processDefinitionKey: definition.id, resourceName };
}
