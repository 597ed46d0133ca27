/** What crash.spec.ts and its child process crash-app.ts agree on. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, 'fixtures');
const repository = path.resolve(here, '../../../..');

/** Short, so the engine hands the user-task job (Operaton: the external task's lock) of a killed process to the next one within seconds. */
export const CRASH_USER_TASK_TIMEOUT_MS = 3_000;
export const REVIEWER = { accountId: 42, groups: ['ministry:engineer'], username: 'crash-reviewer' };
export const REVIEW_SUBMISSION = { decision: 'approve', opinion: '材料齐全，同意注册' };
/** The fixture's identifiers that get the run's suffix: the broker or cluster is long-lived and shared. */
export const crashIds = (suffix: string) => ({
  processId: `zc-crash-case-${suffix}`,
  stepType: `zc-step-${suffix}`,
  messageName: `zc-documents-${suffix}`,
  formId: `zc-crash-review-${suffix}`,
});

/**
 * Writes the fixture, every `zc-` identifier suffixed, into a new directory
 * laid out like the repository (forms/, processes/, .bpmnlintrc), so
 * startRuntime deploys it as it deploys the real models.
 */
export function writeCrashModels(suffix: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zhuce-crash-'));
  for (const [file, dir] of [['crash-case.bpmn', 'processes'], ['crash-review.form', 'forms']]) {
    fs.mkdirSync(path.join(root, dir));
    const content = fs.readFileSync(path.join(fixtures, file), 'utf8').replace(/\bzc-[a-z-]+/g, (id) => `${id}-${suffix}`);
    fs.writeFileSync(path.join(root, dir, file), content);
  }
  // The studio's deploy checks read the repository's lint rules from the root (server/studio/lint.ts).
  fs.copyFileSync(path.join(repository, '.bpmnlintrc'), path.join(root, '.bpmnlintrc'));
  return root;
}
