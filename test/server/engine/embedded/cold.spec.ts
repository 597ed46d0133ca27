import assert from 'node:assert/strict';
import { bpmnError, complete, forward } from '../../../../server/engine/port.js';
import { bpmn, count, eventually, flow, instanceState, Received, serviceTask, useEngine } from './support.js';

/**
 * With no instance kept in memory, every step recovers its instances from
 * the database: what bpmn-engine re-announces while resuming must not be
 * taken for something new.
 */
describe('embedded engine: every step from the database', () => {
  const f = useEngine({ instanceCacheBytes: 0 });
  const handles: Array<{ close(): Promise<void> }> = [];
  after(async () => {
    await Promise.all(handles.map((h) => h.close()));
  });

  it('runs a case through a call activity, a message and a BPMN error from the child, one child and one job per element', async () => {
    // given
    const child = bpmn(
      'c-child',
      `<bpmn:startEvent id="s" />${flow('f1', 's', 'wait')}
      <bpmn:intermediateCatchEvent id="wait"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>
      ${flow('f2', 'wait', 'check')}${serviceTask('check', 'c-check')}${flow('f3', 'check', 'e')}<bpmn:endEvent id="e" />`,
      '<bpmn:message id="m" name="c-ready"><bpmn:extensionElements><zeebe:subscription correlationKey="=caseNo" /></bpmn:extensionElements></bpmn:message>',
    );
    const parent = bpmn(
      'c-parent',
      `<bpmn:startEvent id="s" />${flow('f1', 's', 'call')}
      <bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="c-child" /></bpmn:extensionElements></bpmn:callActivity>
      <bpmn:boundaryEvent id="refused" attachedToRef="call"><bpmn:errorEventDefinition errorRef="err" /></bpmn:boundaryEvent>
      ${flow('f2', 'call', 'e')}<bpmn:endEvent id="e" />${flow('f3', 'refused', 'notify')}${serviceTask('notify', 'c-notify')}${flow('f4', 'notify', 'e2')}<bpmn:endEvent id="e2" />`,
      '<bpmn:error id="err" errorCode="REFUSED" />',
    );
    await f.engine.deploy([
      { name: 'child.bpmn', content: child },
      { name: 'parent.bpmn', content: parent },
    ]);
    const checks = new Received();
    const notices = new Received();
    handles.push(f.engine.registerWorker({ type: 'c-check', handler: async (job) => (checks.push(job), bpmnError('REFUSED', '不予注册')) }));
    handles.push(f.engine.registerWorker({ type: 'c-notify', handler: async (job) => (notices.push(job), complete()) }));

    // when
    const { processInstanceKey } = await f.engine.createInstance('c-parent', { caseNo: 'N-1' });
    await f.engine.publishMessage({ name: 'c-ready', correlationKey: 'N-1' });
    await notices.next((j) => j.processInstanceKey === processInstanceKey);

    // then
    await eventually(async () => (await instanceState(f.sequelize, processInstanceKey)) === 'completed');
    const [children] = await f.sequelize.query('SELECT state FROM engine_process_instances WHERE parent_instance_key = ?', {
      replacements: [processInstanceKey],
    });
    assert.deepEqual(children, [{ state: 'terminated' }]);
    assert.equal(checks.jobs.length, 1);
    assert.equal(await count(f.sequelize, 'engine_jobs'), 0);
  });

  it('hands out a waiting user task once and completes it, though every step recovers the instance', async () => {
    // given
    await f.engine.deploy([
      {
        name: 'task.bpmn',
        content: bpmn('c-task', `<bpmn:startEvent id="s" />${flow('f1', 's', 't')}<bpmn:userTask id="t" />${flow('f2', 't', 'e')}<bpmn:endEvent id="e" />`),
      },
    ]);
    const tasks = new Received();
    handles.push(f.engine.registerWorker({ type: 'io.camunda.zeebe:userTask', handler: async (job) => (tasks.push(job), forward()) }));

    // when
    const { processInstanceKey } = await f.engine.createInstance('c-task');
    const task = await tasks.next((j) => j.processInstanceKey === processInstanceKey);
    await f.engine.completeJob(task.key, { decision: 'approve' });

    // then
    assert.equal(tasks.of(processInstanceKey).length, 1);
    assert.equal(await instanceState(f.sequelize, processInstanceKey), 'completed');
  });
});
