/**
 * The zeebe engine adapter: EnginePort on `ZeebeGrpcClient` of @camunda8/sdk.
 *
 * Connecting
 * - A broker of your own (Camunda 8 licence, see docs/zeebe.md): a plaintext
 *   address, `grpcAddress: 'grpc://127.0.0.1:26500'`. The adapter then passes
 *   CAMUNDA_AUTH_STRATEGY=NONE to the client itself; nothing is read from the
 *   environment for it.
 * - A real cluster: a TLS address, `grpcs://<cluster>:443`, and the OAuth
 *   settings the SDK reads from the environment (kept out of code because they
 *   are secrets):
 *     CAMUNDA_AUTH_STRATEGY=OAUTH
 *     ZEEBE_CLIENT_ID=...            ZEEBE_CLIENT_SECRET=...
 *     CAMUNDA_OAUTH_URL=https://login.cloud.camunda.io/oauth/token   (or the Identity/Keycloak token URL)
 *     ZEEBE_TOKEN_AUDIENCE=zeebe.camunda.io                           (Self-Managed: the audience configured in Identity)
 *     CAMUNDA_TOKEN_SCOPE=...        (only where the identity provider needs one)
 *     CAMUNDA_CUSTOM_ROOT_CERT_PATH=/path/ca.pem   (self-signed gateway certificates)
 *   With a grpcs:// address the adapter sets no auth strategy, so these apply.
 *
 * Incidents come from Zeebe's exporter, not from the gRPC API: see
 * incident-sink.ts for why. `incidentSink` says where the adapter listens for
 * them (default 127.0.0.1:26510, where docs/zeebe.md tells the broker to point
 * its exporter); `false` turns listening off, e.g. in a second
 * process that shares the database with the one that listens. On a cluster,
 * configure the broker's Elasticsearch exporter the same way (url = this
 * sink, index.incident = true, other value types false, bulk.size = 1).
 */
import os from 'node:os';
import { createRequire } from 'node:module';
import type { Zeebe as ZeebeModule } from '@camunda8/sdk';
import type { Sequelize } from 'sequelize';
import {
  THROWN_HANDLER_RETRY_BACKOFF_MS,
  type Deployment,
  type EnginePort,
  type Incident,
  type InstanceDetail,
  type InstanceSummary,
  type Job,
  type JobHandler,
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
import { IncidentSink, DEFAULT_INCIDENT_SINK_PORT } from './incident-sink.js';
import { IncidentStore } from './incident-store.js';

type ZeebeGrpcClient = InstanceType<typeof ZeebeModule.ZeebeGrpcClient>;
type Ack = typeof ZeebeModule.Types.JOB_ACTION_ACKNOWLEDGEMENT;

/**
 * The Camunda SDK is loaded when a Zeebe engine is made, not when this module
 * is imported: createEngine imports every adapter, and loading the SDK cost
 * 1.2 s of CPU on every start of the embedded and Operaton engines (bench row
 * 5, --cpu-prof). It is a CommonJS package, so it loads synchronously here.
 */
const loadSdk = (): { Zeebe: typeof ZeebeModule } => createRequire(import.meta.url)('@camunda8/sdk');

/** The part of the SDK's activated job the adapter uses (the SDK does not export its type). */
interface ActivatedJob {
  readonly key: string;
  readonly type: string;
  readonly processInstanceKey: string;
  readonly bpmnProcessId: string;
  readonly processDefinitionVersion: number;
  readonly elementId: string;
  readonly elementInstanceKey: string;
  readonly customHeaders: unknown;
  readonly variables: unknown;
  readonly retries: number;
  readonly deadline: string;
  complete(variables?: Record<string, never>): Promise<Ack>;
  fail(failure: { errorMessage: string; retries?: number; retryBackOff?: number; variables?: Record<string, never> }): Promise<Ack>;
  error(error: { errorCode: string; errorMessage?: string; variables: never }): Promise<Ack>;
  forward(): Ack;
}

export interface ZeebeEngineOptions {
  /** `grpc://host:port` (plaintext, no auth) or `grpcs://host:port` (TLS, OAuth from the environment). */
  grpcAddress: string;
  sequelize: Sequelize;
  log?: (msg: string) => void;
  incidentSink?: { host?: string; port?: number } | false;
}

const GRPC_ALREADY_EXISTS = 6;

export class MonitorUnavailable extends Error {
  constructor() {
    super('Zeebe 引擎的流程监控需要 Camunda Operate，本系统未接入；请使用内置引擎或 Operaton');
  }
}


export class ZeebeEngine implements EnginePort {
  readonly kind = 'zeebe' as const;
  private readonly client: ZeebeGrpcClient;
  private readonly incidents: IncidentStore;
  private readonly sink?: IncidentSink;
  private readonly log: (msg: string) => void;
  private readonly workers = new Set<{ close(): Promise<unknown> }>();

  constructor(options: ZeebeEngineOptions) {
    if (!/^grpcs?:\/\/[^/]+$/.test(options.grpcAddress)) {
      throw new Error(`zeebe: grpcAddress must look like grpc://host:port or grpcs://host:port, got "${options.grpcAddress}"`);
    }
    this.log = options.log ?? (() => {});
    const plaintext = options.grpcAddress.startsWith('grpc://');
    this.client = new (loadSdk().Zeebe.ZeebeGrpcClient)({
      config: {
        ZEEBE_GRPC_ADDRESS: options.grpcAddress,
        ...(plaintext ? { CAMUNDA_AUTH_STRATEGY: 'NONE' as const } : {}),
        CAMUNDA_LOG_LEVEL: 'error',
        zeebeGrpcSettings: {
          ZEEBE_CLIENT_LOG_LEVEL: 'ERROR',
          // Bounded, so a broker that is gone surfaces as an error instead of a hang.
          ZEEBE_GRPC_CLIENT_MAX_RETRIES: 8,
          ZEEBE_GRPC_CLIENT_MAX_RETRY_TIMEOUT_SECONDS: 5,
          // After a long poll returns, ask again soon: user tasks and chained service tasks wait on it.
          ZEEBE_GRPC_WORKER_POLL_INTERVAL_MS: 100,
        },
      },
    });
    this.incidents = new IncidentStore(options.sequelize);
    if (options.incidentSink !== false) {
      const address = { host: options.incidentSink?.host ?? '127.0.0.1', port: options.incidentSink?.port ?? DEFAULT_INCIDENT_SINK_PORT };
      this.sink = new IncidentSink(this.incidents, address, this.log);
    }
  }

  async start(): Promise<void> {
    const topology = await this.client.topology();
    this.log(`zeebe: connected to gateway ${topology.gatewayVersion} (${topology.clusterSize} broker(s), ${topology.partitionsCount} partition(s))`);
    await this.sink?.start();
  }

  async stop(): Promise<void> {
    await Promise.all([...this.workers].map((w) => w.close()));
    this.workers.clear();
    await this.sink?.stop();
    await this.client.close();
  }

  async deploy(resources: Resource[]): Promise<Deployment> {
    const response = await this.client.deployResources(resources.map(toSdkResource));
    const deployment: Deployment = { key: String(response.key), processes: [], forms: [] };
    for (const item of response.deployments as Array<Record<string, Record<string, unknown> | undefined>>) {
      if (item.process) {
        deployment.processes.push({
          bpmnProcessId: String(item.process.bpmnProcessId),
          version: Number(item.process.version),
          processDefinitionKey: String(item.process.processDefinitionKey),
          resourceName: String(item.process.resourceName),
        });
      } else if (item.form) {
        deployment.forms.push({
          formId: String(item.form.formId),
          version: Number(item.form.version),
          formKey: String(item.form.formKey),
          resourceName: String(item.form.resourceName),
        });
      }
    }
    return deployment;
  }

  async createInstance(bpmnProcessId: string, variables: Variables = {}): Promise<ProcessInstance> {
    const created = await this.client.createProcessInstance({ bpmnProcessId, variables: variables as Record<string, never> });
    return {
      processInstanceKey: String(created.processInstanceKey),
      bpmnProcessId: created.bpmnProcessId,
      version: Number(created.version),
      processDefinitionKey: String(created.processDefinitionKey),
    };
  }

  async cancelInstance(processInstanceKey: string): Promise<void> {
    await this.client.cancelProcessInstance(processInstanceKey);
  }

  async publishMessage(message: PublishMessage): Promise<void> {
    try {
      await this.client.publishMessage({
        name: message.name,
        correlationKey: message.correlationKey,
        variables: (message.variables ?? {}) as Record<string, never>,
        timeToLive: message.timeToLiveMs ?? 0,
        ...(message.messageId ? { messageId: message.messageId } : {}),
      });
    } catch (err) {
      // Zeebe refuses a second message with a buffered message's id: that is the deduplication
      // the port promises, so a publisher may safely repeat itself.
      if (message.messageId && (err as { code?: number }).code === GRPC_ALREADY_EXISTS) {
        this.log(`zeebe: message ${message.name} with id ${message.messageId} is already buffered; dropped the duplicate`);
        return;
      }
      throw err;
    }
  }

  registerWorker(options: WorkerOptions): WorkerHandle {
    const worker = this.client.createWorker({
      taskType: options.type,
      taskHandler: (job) => this.runHandler(options.handler, job),
      ...(options.timeoutMs !== undefined ? { timeout: options.timeoutMs } : {}),
      ...(options.maxJobsToActivate !== undefined ? { maxJobsToActivate: options.maxJobsToActivate } : {}),
      ...(options.fetchVariables ? { fetchVariable: options.fetchVariables as never[] } : {}),
      id: `${os.hostname()}-${process.pid}-${options.type}`,
      stdout: {
        debug: () => {},
        info: () => {},
        error: (message: string) => this.log(`zeebe worker ${options.type}: ${sdkLogText(message)}`),
      },
    });
    this.workers.add(worker);
    return {
      close: async () => {
        if (!this.workers.delete(worker)) return;
        await worker.close();
      },
    };
  }

  async completeJob(jobKey: string, variables: Variables = {}): Promise<void> {
    await this.client.completeJob({ jobKey, variables: variables as Record<string, never> });
  }

  async failJob(jobKey: string, errorMessage: string, retries: number, retryBackOffMs = 0): Promise<void> {
    await this.client.failJob({ jobKey, errorMessage, retries, retryBackOff: retryBackOffMs });
  }

  async throwError(jobKey: string, errorCode: string, errorMessage = '', variables: Variables = {}): Promise<void> {
    await this.client.throwError({ jobKey, errorCode, errorMessage, variables: variables as Record<string, never> });
  }

  async listIncidents(filter: { processInstanceKey?: string } = {}): Promise<Incident[]> {
    return this.incidents.listOpen(filter);
  }

  async resolveIncident(incidentKey: string, retries = 1): Promise<void> {
    const incident = await this.incidents.find(incidentKey);
    if (!incident) throw new Error(`zeebe: no incident ${incidentKey} has been exported to this adapter`);
    if (incident.resolvedAt) throw new Error(`zeebe: incident ${incidentKey} is already resolved`);
    // A job incident stays put until its job has retries again.
    if (incident.jobKey) await this.client.updateJobRetries({ jobKey: incident.jobKey, retries });
    await this.client.resolveIncident({ incidentKey });
    await this.incidents.markResolved(incidentKey, new Date());
  }

  // Zeebe's gRPC API answers none of the monitor's questions; they need Operate, which this adapter does not reach.
  processVersions(): Promise<ProcessVersion[]> {
    return Promise.reject(new MonitorUnavailable());
  }

  versionStatistics(): Promise<VersionStatistics> {
    return Promise.reject(new MonitorUnavailable());
  }

  listInstances(): Promise<InstanceSummary[]> {
    return Promise.reject(new MonitorUnavailable());
  }

  instance(): Promise<InstanceDetail | null> {
    return Promise.reject(new MonitorUnavailable());
  }

  private async runHandler(handler: JobHandler, job: ActivatedJob): Promise<Ack> {
    let result: JobResult;
    try {
      result = await handler(toPortJob(job));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.log(`zeebe: handler for ${job.type} job ${job.key} threw: ${message}`);
      return job.fail({ errorMessage: message, retries: job.retries - 1, retryBackOff: THROWN_HANDLER_RETRY_BACKOFF_MS });
    }
    switch (result.outcome) {
      case 'complete':
        return job.complete((result.variables ?? {}) as Record<string, never>);
      case 'fail':
        return job.fail({
          errorMessage: result.errorMessage,
          retries: result.retries ?? job.retries - 1,
          retryBackOff: result.retryBackOffMs ?? 0,
          ...(result.variables ? { variables: result.variables as Record<string, never> } : {}),
        });
      case 'error':
        return job.error({ errorCode: result.errorCode, errorMessage: result.errorMessage ?? '', variables: (result.variables ?? {}) as never });
      case 'forward':
        return job.forward();
    }
  }
}

/** The SDK logs JSON documents with a call-site dump; the message is what a reader needs. */
function sdkLogText(message: string): string {
  try {
    const parsed = JSON.parse(message) as { message?: unknown };
    return typeof parsed.message === 'string' ? parsed.message : message;
  } catch {
    return message;
  }
}

function toSdkResource(resource: Resource) {
  const content = typeof resource.content === 'string' ? Buffer.from(resource.content, 'utf8') : resource.content;
  if (resource.name.endsWith('.bpmn')) return { name: resource.name, process: content };
  if (resource.name.endsWith('.form')) return { name: resource.name, form: content };
  if (resource.name.endsWith('.dmn')) return { name: resource.name, decision: content };
  throw new Error(`zeebe: cannot deploy "${resource.name}": the name must end in .bpmn, .form or .dmn`);
}

function toPortJob(job: ActivatedJob): Job {
  return {
    key: job.key,
    type: job.type,
    processInstanceKey: job.processInstanceKey,
    bpmnProcessId: job.bpmnProcessId,
    processDefinitionVersion: Number(job.processDefinitionVersion),
    elementId: job.elementId,
    elementInstanceKey: job.elementInstanceKey,
    customHeaders: { ...(job.customHeaders as Record<string, string>) },
    variables: { ...(job.variables as Variables) },
    retries: job.retries,
    deadline: Number(job.deadline),
  };
}
