/**
 * An EnginePort that records what it is told and lets a test hand jobs to the
 * registered workers; for services that sit on the port, not for the engines.
 */
import type { EnginePort, Job, JobHandler, PublishMessage, Variables, WorkerOptions } from '../../server/engine/port.js';

export class RecordingEngine implements EnginePort {
  readonly kind = 'embedded' as const;
  readonly completed: Array<{ jobKey: string; variables?: Variables }> = [];
  readonly workers = new Map<string, JobHandler>();
  /** Job keys completeJob answers with NOT_FOUND. */
  readonly gone = new Set<string>();
  failNextComplete = false;
  /** The instances started, with their variables; keys count up from 1. */
  readonly instances: Array<{ processInstanceKey: string; bpmnProcessId: string; variables?: Variables }> = [];
  readonly messages: PublishMessage[] = [];
  failNextCreate = false;
  failNextPublish = false;

  async start() {}
  async stop() {}
  async deploy() {
    return { key: '1', processes: [], forms: [] };
  }
  async createInstance(bpmnProcessId: string, variables?: Variables) {
    if (this.failNextCreate) {
      this.failNextCreate = false;
      throw new Error('14 UNAVAILABLE: connection refused');
    }
    const processInstanceKey = String(this.instances.length + 1);
    this.instances.push({ processInstanceKey, bpmnProcessId, variables });
    return { processInstanceKey, bpmnProcessId, version: 1, processDefinitionKey: '1' };
  }
  async cancelInstance() {}
  async processVersions() {
    return [];
  }
  async versionStatistics(processDefinitionKey: string) {
    return { processDefinitionKey, instances: { active: 0, completed: 0, canceled: 0, incident: 0 }, elements: [] };
  }
  async listInstances() {
    return [];
  }
  async instance() {
    return null;
  }
  async publishMessage(message: PublishMessage) {
    if (this.failNextPublish) {
      this.failNextPublish = false;
      throw new Error('14 UNAVAILABLE: connection refused');
    }
    this.messages.push(message);
  }
  registerWorker(options: WorkerOptions) {
    this.workers.set(options.type, options.handler);
    return { close: async () => void this.workers.delete(options.type) };
  }
  async completeJob(jobKey: string, variables?: Variables) {
    if (this.failNextComplete) {
      this.failNextComplete = false;
      throw new Error('14 UNAVAILABLE: connection refused');
    }
    if (this.gone.has(jobKey)) throw new Error(`5 NOT_FOUND: Command 'COMPLETE' rejected: job ${jobKey} not found`);
    this.completed.push({ jobKey, variables });
  }
  async failJob() {}
  async throwError() {}
  async listIncidents() {
    return [];
  }
  async resolveIncident() {}

  /** Hands a job to the worker of its type, as the engine would. */
  async deliver(job: Job) {
    const handler = this.workers.get(job.type);
    if (!handler) throw new Error(`no worker for ${job.type}`);
    return handler(job);
  }
}

let nextKey = 1000;
export function userTaskJob(overrides: Partial<Job> = {}): Job {
  const key = String(nextKey++);
  return {
    key,
    type: 'io.camunda.zeebe:userTask',
    processInstanceKey: '500',
    bpmnProcessId: 'review-process',
    processDefinitionVersion: 1,
    elementId: 'Task_Review',
    elementInstanceKey: `ei-${key}`,
    customHeaders: { 'io.camunda.zeebe:candidateGroups': '["ministry:architect"]' },
    variables: {},
    retries: 3,
    deadline: Date.now() + 60_000,
    ...overrides,
  };
}
