/**
 * How a check refuses a case: a BPMN error whose code the catalogue names,
 * carrying `checkFailure` so the process can end the case with the message as
 * the reviewer's opinion (审批不通过).
 */
import { bpmnError, type JobResult } from '../../server/engine/port.js';

export interface CheckFailure {
  code: string;
  /** Chinese, naming the rule and the field. */
  message: string;
}

export function refuse(code: string, message: string): JobResult {
  const checkFailure: CheckFailure = { code, message };
  return bpmnError(code, message, { checkFailure });
}
