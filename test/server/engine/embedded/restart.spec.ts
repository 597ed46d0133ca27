import assert from 'node:assert/strict';
import type { Sequelize } from 'sequelize';
import { ManualClock } from '../../../../server/clock.js';
import { openDatabase } from '../../../../server/db/connection.js';
import { migrateUp } from '../../../../server/db/migrator.js';
import { EmbeddedEngine } from '../../../../server/engine/embedded/index.js';
import { complete, forward, USER_TASK_JOB_TYPE, type Job } from '../../../../server/engine/port.js';
import { freshDatabaseUrl } from '../../../support/database.js';
import { bpmn, count, flow, instanceState, Received, serviceTask, settle } from './support.js';

/**
 * review (user task in a subprocess, with a daily reminder) ∥ a two-hour
 * timer ∥ documents message; all three must meet before "done".
 */
const process = bpmn(
  'r-case',
  `<bpmn:startEvent id="s" />${flow('f1', 's', 'fork')}<bpmn:parallelGateway id="fork" />
  ${flow('f2', 'fork', 'stage')}${flow('f3', 'fork', 'cooling')}${flow('f4', 'fork', 'docs')}
  <bpmn:subProcess id="stage">
    <bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="=&quot;province:&quot; + province" target="group" /></zeebe:ioMapping></bpmn:extensionElements>
    <bpmn:startEvent id="ss" />${flow('sf1', 'ss', 'review')}
    <bpmn:userTask id="review"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="=[group]" /></bpmn:extensionElements></bpmn:userTask>
    ${flow('sf2', 'review', 'sgw')}<bpmn:exclusiveGateway id="sgw" default="sf4" />
    ${flow('sf3', 'sgw', 'approved', '=decision = "approve" and group = "province:44"')}${flow('sf4', 'sgw', 'se')}
    ${serviceTask('approved', 'r-probe')}${flow('sf5', 'approved', 'se')}<bpmn:endEvent id="se" />
  </bpmn:subProcess>
  <bpmn:boundaryEvent id="remind" attachedToRef="stage" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeCycle>R/P1D</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>
  ${flow('f5', 'remind', 'reminded')}${serviceTask('reminded', 'r-probe')}${flow('f6', 'reminded', 're')}<bpmn:endEvent id="re" />
  <bpmn:intermediateCatchEvent id="cooling"><bpmn:timerEventDefinition><bpmn:timeDuration>PT2H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
  ${flow('f7', 'cooling', 'cooled')}${serviceTask('cooled', 'r-probe')}
  <bpmn:intermediateCatchEvent id="docs"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>
  ${flow('f8', 'docs', 'received')}${serviceTask('received', 'r-probe')}
  ${flow('f9', 'stage', 'join')}${flow('f10', 'cooled', 'join')}${flow('f11', 'received', 'join')}<bpmn:parallelGateway id="join" />
  ${flow('f12', 'join', 'done')}${serviceTask('done', 'r-probe')}${flow('f13', 'done', 'e')}<bpmn:endEvent id="e" />`,
  '<bpmn:message id="m" name="r-documents"><bpmn:extensionElements><zeebe:subscription correlationKey="=applicationId" /></bpmn:extensionElements></bpmn:message>',
);

describe('embedded engine: restart', () => {
  let url: string;
  const opened: Array<{ engine: EmbeddedEngine; sequelize: Sequelize }> = [];
  const clock = new ManualClock(new Date('2025-03-03T01:00:00Z'));

  async function open(): Promise<{ engine: EmbeddedEngine; sequelize: Sequelize; probes: Received; tasks: Received }> {
    const sequelize = openDatabase(url);
    const engine = new EmbeddedEngine({ sequelize, clock });
    const probes = new Received();
    const tasks = new Received();
    engine.registerWorker({ type: 'r-probe', handler: async (job) => (probes.push(job), complete()) });
    engine.registerWorker({ type: USER_TASK_JOB_TYPE, timeoutMs: 30 * 86_400_000, handler: async (job) => (tasks.push(job), forward()) });
    await engine.start();
    opened.push({ engine, sequelize });
    return { engine, sequelize, probes, tasks };
  }

  before(async () => {
    url = await freshDatabaseUrl();
    const sequelize = openDatabase(url);
    await migrateUp(sequelize);
    await sequelize.close();
  });

  after(async () => {
    for (const { engine, sequelize } of opened) {
      await engine.stop();
      await sequelize.close();
    }
  });

  it('carries on a waiting user task, a pending timer and a message subscription after a restart, without doing anything twice', async () => {
    // given an instance waiting on all three, run by a first engine that then stops
    const first = await open();
    await first.engine.deploy([{ name: 'case.bpmn', content: process }]);
    const { processInstanceKey } = await first.engine.createInstance('r-case', { applicationId: 'A-100', province: '44' });
    const task: Job = await first.tasks.next((j) => j.processInstanceKey === processInstanceKey);
    await first.engine.stop();
    await first.sequelize.close();
    opened.splice(0);

    // when a new engine opens the same database and the case moves on
    const second = await open();
    clock.advance(2 * 3_600_000);
    await second.probes.next((j) => j.processInstanceKey === processInstanceKey && j.elementId === 'cooled');
    await second.engine.publishMessage({ name: 'r-documents', correlationKey: 'A-100', variables: { documents: 3 } });
    await second.probes.next((j) => j.elementId === 'received' && j.processInstanceKey === processInstanceKey);
    clock.advance(86_400_000);
    await second.probes.next((j) => j.elementId === 'reminded' && j.processInstanceKey === processInstanceKey);
    await second.engine.completeJob(task.key, { decision: 'approve' });
    const done = await second.probes.next((j) => j.elementId === 'done' && j.processInstanceKey === processInstanceKey);
    await settle();

    // then
    assert.deepEqual(
      second.probes.of(processInstanceKey).map((j) => j.elementId).sort(),
      ['approved', 'cooled', 'done', 'received', 'reminded'],
      'each once, the gateway in the subprocess still sees its local variable',
    );
    assert.equal(task.customHeaders['io.camunda.zeebe:candidateGroups'], '["province:44"]');
    assert.deepEqual(second.tasks.of(processInstanceKey), [], 'the activated user task is not handed out again before its deadline');
    assert.equal(done.variables.documents, 3);
    assert.equal(await instanceState(second.sequelize, processInstanceKey), 'completed');
    for (const table of ['engine_jobs', 'engine_timers', 'engine_message_subscriptions', 'engine_incidents']) {
      assert.equal(await count(second.sequelize, table, 'process_instance_key = ?', [processInstanceKey]), 0, `${table} is empty`);
    }
    assert.ok(BigInt(done.key) > BigInt(task.key), 'keys keep growing across the restart');
  });

  it('fires a timer that fell due while no engine was running, once, when the next engine starts', async () => {
    // given
    const before = await open();
    const { processInstanceKey } = await before.engine.createInstance('r-case', { applicationId: 'A-200', province: '11' });
    await before.engine.stop();
    await before.sequelize.close();
    opened.splice(0);

    // when
    clock.advance(3 * 3_600_000);
    const after = await open();
    await after.probes.next((j) => j.processInstanceKey === processInstanceKey && j.elementId === 'cooled');
    await settle();

    // then
    assert.equal(after.probes.of(processInstanceKey).filter((j) => j.elementId === 'cooled').length, 1);
    assert.equal(await count(after.sequelize, 'engine_timers', 'process_instance_key = ?', [processInstanceKey]), 1, 'only the reminder is left');
    assert.equal(await count(after.sequelize, 'engine_message_subscriptions', 'process_instance_key = ?', [processInstanceKey]), 1);
    assert.equal(await count(after.sequelize, 'engine_jobs', 'process_instance_key = ?', [processInstanceKey]), 1, 'the review task');
  });
});
