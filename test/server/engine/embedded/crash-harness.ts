/**
 * Child process of crash.spec.ts: opens the embedded engine on the database
 * it is given and keeps a stream of cases going (new instances, user tasks
 * completed, messages published) until it is killed. Prints one line per
 * instance it started.
 */
import { ManualClock } from '../../../../server/clock.js';
import { openDatabase } from '../../../../server/db/connection.js';
import { EmbeddedEngine } from '../../../../server/engine/embedded/index.js';
import { complete, forward, USER_TASK_JOB_TYPE, type Job } from '../../../../server/engine/port.js';
import { CRASH_CLOCK_START, crashCaseProcess } from './crash-process.js';

const sequelize = openDatabase(process.argv[2]);
const engine = new EmbeddedEngine({ sequelize, clock: new ManualClock(CRASH_CLOCK_START) });
const tasks: Job[] = [];
engine.registerWorker({ type: 'x-step', handler: async () => complete() });
engine.registerWorker({ type: USER_TASK_JOB_TYPE, timeoutMs: 600_000, handler: async (job) => (tasks.push(job), forward()) });
await engine.start();
await engine.deploy([{ name: 'crash-case.bpmn', content: crashCaseProcess }]);

for (let i = 0; ; i++) {
  const { processInstanceKey } = await engine.createInstance('x-case', { applicationId: `C-${i}`, steps: 0 });
  console.log(`started ${processInstanceKey}`);
  const task = tasks.shift();
  if (task && i % 2 === 0) await engine.completeJob(task.key, { decision: 'approve' });
  if (i % 3 === 0) await engine.publishMessage({ name: 'x-documents', correlationKey: `C-${Math.floor(i / 2)}` });
}
