import assert from 'node:assert/strict';
import { complete, forward, USER_TASK_JOB_TYPE } from '../../../../server/engine/port.js';
import { bpmn, count, eventually, flow, instanceState, Received, serviceTask, settle, useEngine } from './support.js';

const timer = (kind: 'timeDuration' | 'timeDate' | 'timeCycle', value: string) =>
  `<bpmn:timerEventDefinition><bpmn:${kind} xsi:type="bpmn:tFormalExpression">${value}</bpmn:${kind}></bpmn:timerEventDefinition>`;

describe('embedded engine: timers', () => {
  const f = useEngine();
  const handles: Array<{ close(): Promise<void> }> = [];
  const probes = new Received();
  before(() => {
    handles.push(f.engine.registerWorker({ type: 't-probe', handler: async (job) => (probes.push(job), complete()) }));
  });
  after(async () => {
    await Promise.all(handles.map((h) => h.close()));
  });

  it('leaves a user task when its interrupting timer falls due on the engine clock, and takes the job with it', async () => {
    // given
    await f.engine.deploy([
      {
        name: 'deadline.bpmn',
        content: bpmn(
          't-deadline',
          `<bpmn:startEvent id="s" />${flow('f1', 's', 'review')}<bpmn:userTask id="review" />
          <bpmn:boundaryEvent id="overdue" attachedToRef="review">${timer('timeDuration', 'P20D')}</bpmn:boundaryEvent>
          ${flow('f2', 'review', 'e')}<bpmn:endEvent id="e" />${flow('f3', 'overdue', 'escalate')}${serviceTask('escalate', 't-probe')}${flow('f4', 'escalate', 'e2')}<bpmn:endEvent id="e2" />`,
        ),
      },
    ]);
    const tasks = new Received();
    handles.push(f.engine.registerWorker({ type: USER_TASK_JOB_TYPE, timeoutMs: 100 * 86_400_000, handler: async (job) => (tasks.push(job), forward()) }));
    const { processInstanceKey } = await f.engine.createInstance('t-deadline');
    const task = await tasks.next((j) => j.processInstanceKey === processInstanceKey);

    // when
    f.clock.advance(20 * 86_400_000 - 1000);
    await settle();
    const early = probes.of(processInstanceKey).length;
    f.clock.advance(1000);
    const escalated = await probes.next((j) => j.processInstanceKey === processInstanceKey);

    // then
    assert.equal(early, 0, 'not a second early');
    assert.equal(escalated.elementId, 'escalate');
    await assert.rejects(f.engine.completeJob(task.key), /no such job/);
    await eventually(async () => (await instanceState(f.sequelize, processInstanceKey)) === 'completed');
    assert.equal(await count(f.sequelize, 'engine_timers', 'process_instance_key = ?', [processInstanceKey]), 0);
  });

  it('repeats a non-interrupting cycle timer as often as the cycle says while the task stays open', async () => {
    // given
    await f.engine.deploy([
      {
        name: 'reminders.bpmn',
        content: bpmn(
          't-reminders',
          `<bpmn:startEvent id="s" />${flow('f1', 's', 'work')}${serviceTask('work', 't-work')}
          <bpmn:boundaryEvent id="remind" attachedToRef="work" cancelActivity="false">${timer('timeCycle', 'R3/PT10S')}</bpmn:boundaryEvent>
          ${flow('f2', 'work', 'e')}<bpmn:endEvent id="e" />${flow('f3', 'remind', 'reminded')}${serviceTask('reminded', 't-probe')}${flow('f4', 'reminded', 'e2')}<bpmn:endEvent id="e2" />`,
        ),
      },
    ]);
    const work = new Received();
    handles.push(f.engine.registerWorker({ type: 't-work', timeoutMs: 3_600_000, handler: async (job) => (work.push(job), forward()) }));
    const { processInstanceKey } = await f.engine.createInstance('t-reminders');
    const job = await work.next((j) => j.processInstanceKey === processInstanceKey);

    // when
    for (let i = 0; i < 5; i++) {
      f.clock.advance(10_000);
      await settle(250);
    }
    const reminders = probes.of(processInstanceKey).length;
    await f.engine.completeJob(job.key);

    // then
    assert.equal(reminders, 3);
    await eventually(async () => (await instanceState(f.sequelize, processInstanceKey)) === 'completed');
  });

  it('waits at an intermediate timer until the date a FEEL expression gives', async () => {
    // given
    await f.engine.deploy([
      {
        name: 'until.bpmn',
        content: bpmn(
          't-until',
          `<bpmn:startEvent id="s" />${flow('f1', 's', 'wait')}<bpmn:intermediateCatchEvent id="wait">${timer('timeDate', '=announceAt')}</bpmn:intermediateCatchEvent>
          ${flow('f2', 'wait', 'announce')}${serviceTask('announce', 't-probe')}${flow('f3', 'announce', 'e')}<bpmn:endEvent id="e" />`,
        ),
      },
    ]);
    const announceAt = new Date(f.clock.now().getTime() + 3 * 86_400_000).toISOString();

    // when
    const { processInstanceKey } = await f.engine.createInstance('t-until', { announceAt });
    f.clock.advance(2 * 86_400_000);
    await settle();
    const early = probes.of(processInstanceKey).length;
    f.clock.set(new Date(announceAt));

    // then
    assert.equal(early, 0);
    await probes.next((j) => j.processInstanceKey === processInstanceKey);
  });

  it('takes the event-based gateway branch of the message when it arrives before the timer, and drops the timer', async () => {
    // given
    await f.engine.deploy([
      {
        name: 'race.bpmn',
        content: bpmn(
          't-race',
          `<bpmn:startEvent id="s" />${flow('f1', 's', 'gw')}<bpmn:eventBasedGateway id="gw" />
          ${flow('f2', 'gw', 'docs')}${flow('f3', 'gw', 'late')}
          <bpmn:intermediateCatchEvent id="docs"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>
          <bpmn:intermediateCatchEvent id="late">${timer('timeDuration', 'PT1H')}</bpmn:intermediateCatchEvent>
          ${flow('f4', 'docs', 'gotDocs')}${serviceTask('gotDocs', 't-probe')}${flow('f5', 'gotDocs', 'e')}<bpmn:endEvent id="e" />
          ${flow('f6', 'late', 'tooLate')}${serviceTask('tooLate', 't-probe')}${flow('f7', 'tooLate', 'e2')}<bpmn:endEvent id="e2" />`,
          '<bpmn:message id="m" name="t-docs"><bpmn:extensionElements><zeebe:subscription correlationKey="=caseNo" /></bpmn:extensionElements></bpmn:message>',
        ),
      },
    ]);
    const { processInstanceKey } = await f.engine.createInstance('t-race', { caseNo: 'C-1' });
    assert.equal(await count(f.sequelize, 'engine_timers', 'process_instance_key = ?', [processInstanceKey]), 1);

    // when
    await f.engine.publishMessage({ name: 't-docs', correlationKey: 'C-1' });
    f.clock.advance(2 * 3_600_000);
    await settle();

    // then
    assert.deepEqual(
      probes.of(processInstanceKey).map((j) => j.elementId),
      ['gotDocs'],
    );
    assert.equal(await count(f.sequelize, 'engine_timers', 'process_instance_key = ?', [processInstanceKey]), 0);
  });

  it('starts an instance of the latest version from a timer start event when its date comes', async () => {
    // given
    const at = new Date(f.clock.now().getTime() + 86_400_000).toISOString();
    const scheduled = (probeType: string) =>
      bpmn(
        't-scheduled',
        `<bpmn:startEvent id="s">${timer('timeDate', at)}</bpmn:startEvent>${flow('f1', 's', 'run')}${serviceTask('run', probeType)}${flow('f2', 'run', 'e')}<bpmn:endEvent id="e" />`,
      );
    await f.engine.deploy([{ name: 'scheduled.bpmn', content: scheduled('t-old-probe') }]);
    const v2 = await f.engine.deploy([{ name: 'scheduled.bpmn', content: scheduled('t-probe') }]);

    // when
    f.clock.advance(86_400_000);
    const job = await probes.next((j) => j.bpmnProcessId === 't-scheduled');
    await settle();

    // then
    assert.equal(job.processDefinitionVersion, v2.processes[0].version);
    assert.equal(probes.jobs.filter((j) => j.bpmnProcessId === 't-scheduled').length, 1, 'one instance, of the new version only');
    assert.equal(await count(f.sequelize, 'engine_timers', 'process_definition_key IS NOT NULL'), 0);
  });
});
