/**
 * The engine port: the only surface through which the application talks to a
 * workflow engine. Three adapters implement it (embedded, operaton, zeebe)
 * and one conformance suite holds them to the same behaviour; where they
 * differ, Zeebe is right.
 *
 * Keys are strings: Zeebe's are 64-bit, Operaton's are UUIDs.
 */

export type Variables = Record<string, unknown>;

export interface Resource {
  /** File name, e.g. `initial-registration.bpmn` or `initial-apply.form`. */
  name: string;
  content: string | Buffer;
}

export interface DeployedProcess {
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: string;
  resourceName: string;
}

export interface DeployedForm {
  formId: string;
  version: number;
  formKey: string;
  resourceName: string;
}

export interface Deployment {
  key: string;
  processes: DeployedProcess[];
  forms: DeployedForm[];
}

export interface ProcessInstance {
  processInstanceKey: string;
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: string;
}

export interface PublishMessage {
  name: string;
  correlationKey: string;
  variables?: Variables;
  /** How long the message waits for a subscription; 0 = only current subscriptions. */
  timeToLiveMs?: number;
  /** Deduplicates messages with the same id while the first is buffered. */
  messageId?: string;
}

export interface Job {
  key: string;
  type: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  processDefinitionVersion: number;
  elementId: string;
  elementInstanceKey: string;
  customHeaders: Record<string, string>;
  variables: Variables;
  retries: number;
  /** Epoch milliseconds after which the engine may hand the job out again. */
  deadline: number;
}

/** What a handler decides; build with `complete`, `fail`, `bpmnError`. */
export type JobResult =
  | { outcome: 'complete'; variables?: Variables }
  | { outcome: 'fail'; errorMessage: string; retries?: number; retryBackOffMs?: number; variables?: Variables }
  | { outcome: 'error'; errorCode: string; errorMessage?: string; variables?: Variables }
  /** The handler keeps the job open and completes it later through `completeJob` (user tasks). */
  | { outcome: 'forward' };

export const complete = (variables?: Variables): JobResult => ({ outcome: 'complete', variables });
export const fail = (errorMessage: string, opts: { retries?: number; retryBackOffMs?: number } = {}): JobResult => ({
  outcome: 'fail',
  errorMessage,
  ...opts,
});
export const bpmnError = (errorCode: string, errorMessage?: string, variables?: Variables): JobResult => ({
  outcome: 'error',
  errorCode,
  errorMessage,
  variables,
});
export const forward = (): JobResult => ({ outcome: 'forward' });

/** A handler that throws fails its job with one retry fewer, handed out again after this back-off. */
export const THROWN_HANDLER_RETRY_BACKOFF_MS = 1000;

export type JobHandler = (job: Job) => Promise<JobResult>;

export interface WorkerOptions {
  type: string;
  handler: JobHandler;
  /** How long an activated job stays locked to this worker. */
  timeoutMs?: number;
  maxJobsToActivate?: number;
  /** Only these variables are fetched; all when omitted. */
  fetchVariables?: string[];
}

export interface WorkerHandle {
  close(): Promise<void>;
}

export interface Incident {
  key: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  elementId: string;
  elementInstanceKey: string;
  /** For job incidents: the job whose retries ran out. */
  jobKey?: string;
  errorType: string;
  errorMessage: string;
  createdAt: Date;
}

export type InstanceState = 'active' | 'completed' | 'canceled' | 'incident';

export interface ProcessVersion {
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: string;
}

export interface VersionStatistics {
  processDefinitionKey: string;
  /** Instances by state; an active instance with an open incident counts under `incident`. */
  instances: Record<InstanceState, number>;
  /** Where the running instances are: per element, how many wait there and how many of those have an incident. */
  elements: Array<{ elementId: string; active: number; incidents: number }>;
}

export interface InstanceSummary {
  processInstanceKey: string;
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: string;
  state: InstanceState;
  startedAt: Date | null;
  endedAt: Date | null;
}

export interface InstanceDetail extends InstanceSummary {
  /** Elements the instance waits at now. */
  activeElementIds: string[];
  /** Elements it has left (each once). */
  completedElementIds: string[];
  variables: Variables;
  incidents: Incident[];
}

/** What the analysts' monitor reads: versions, where instances are, one instance in detail. */
export interface EngineMonitor {
  processVersions(bpmnProcessId: string): Promise<ProcessVersion[]>;
  versionStatistics(processDefinitionKey: string): Promise<VersionStatistics>;
  listInstances(filter: { processDefinitionKey: string; state?: InstanceState; limit?: number; offset?: number }): Promise<InstanceSummary[]>;
  instance(processInstanceKey: string): Promise<InstanceDetail | null>;
}

export interface EnginePort extends EngineMonitor {
  readonly kind: 'embedded' | 'operaton' | 'zeebe';
  start(): Promise<void>;
  stop(): Promise<void>;
  deploy(resources: Resource[]): Promise<Deployment>;
  createInstance(bpmnProcessId: string, variables?: Variables): Promise<ProcessInstance>;
  cancelInstance(processInstanceKey: string): Promise<void>;
  publishMessage(message: PublishMessage): Promise<void>;
  registerWorker(options: WorkerOptions): WorkerHandle;
  /** Complete a job outside its handler (a user task submitted later). */
  completeJob(jobKey: string, variables?: Variables): Promise<void>;
  failJob(jobKey: string, errorMessage: string, retries: number, retryBackOffMs?: number): Promise<void>;
  throwError(jobKey: string, errorCode: string, errorMessage?: string, variables?: Variables): Promise<void>;
  listIncidents(filter?: { processInstanceKey?: string }): Promise<Incident[]>;
  /** Gives the job of a job incident `retries` again and resolves the incident. */
  resolveIncident(incidentKey: string, retries?: number): Promise<void>;
}

/** The job type under which Zeebe hands out job-worker user tasks. */
export const USER_TASK_JOB_TYPE = 'io.camunda.zeebe:userTask';
