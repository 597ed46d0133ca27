/**
 * What the check specs assert besides the result: the refusal a catalogue
 * check throws, and a fingerprint of everything a check may write for a case,
 * so a second delivery of the same job can be shown to change nothing.
 */
import type { JobResult } from '../../../server/engine/port.js';
import type { Models } from '../../../server/db/models/index.js';

export function refusal(code: string, message: string): JobResult {
  return { outcome: 'error', errorCode: code, errorMessage: message, variables: { checkFailure: { code, message } } };
}

export async function writesOf(models: Models, applicationId: number) {
  const application = await models.Application.findByPk(applicationId);
  return {
    application: JSON.stringify({ data: application?.data, flags: application?.flags, status: application?.status, updatedAt: application?.updatedAt }),
    appeals: await models.Appeal.count(),
    events: await models.ApplicationEvent.count(),
    messages: await models.Message.count(),
    audit: await models.AuditEntry.count(),
  };
}
