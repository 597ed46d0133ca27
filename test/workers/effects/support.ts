/**
 * What the effect specs share: a harness on the demo seed, and a fingerprint
 * of every table an effect worker writes, so a second delivery of the same
 * job can be shown to change nothing and to take no second number.
 */
import { QueryTypes } from 'sequelize';
import type { Models } from '../../../server/db/models/index.js';
import type { IssueRequest } from '../../../server/documents/document-service.js';
import { seedDemo } from '../../../server/seed/demo.js';
import { workerHarness, type WorkerHarness } from '../../support/worker-harness.js';

export async function seededHarness(now?: Date): Promise<WorkerHarness> {
  const h = await workerHarness(now);
  await seedDemo(h.sequelize, h.models, { clock: h.clock, backgroundPersons: 0 });
  return h;
}

export async function everythingWritten(h: WorkerHarness) {
  const m: Models = h.models;
  const rows = async <T>(model: { findAll(o: object): Promise<T[]> }) => JSON.stringify(await model.findAll({ order: [['id', 'ASC']], raw: true }));
  return {
    applications: await rows(m.Application),
    events: await m.ApplicationEvent.count(),
    messages: await m.Message.count(),
    audit: await m.AuditEntry.count(),
    persons: await rows(m.Person),
    enterprises: await rows(m.Enterprise),
    qualifications: await rows(m.EnterpriseQualification),
    registrations: await rows(m.Registration),
    history: await m.RegistrationHistory.count(),
    documents: await rows(m.Document),
    tasks: await rows(m.InboxTask),
    sequences: JSON.stringify(await h.sequelize.query('SELECT scope, issued FROM number_sequences ORDER BY scope', { type: QueryTypes.SELECT })),
  };
}

/** Records what the workers ask the document service to issue, and still issues it. */
export function recordIssues(h: WorkerHarness): IssueRequest[] {
  const requests: IssueRequest[] = [];
  const issue = h.deps.documents.issue.bind(h.deps.documents);
  h.deps.documents.issue = (request) => {
    requests.push(request);
    return issue(request);
  };
  return requests;
}
