import assert from 'node:assert/strict';
import { bpmnError, complete, fail, forward, USER_TASK_JOB_TYPE } from '../../../../server/engine/port.js';
import { bpmn, count, eventually, flow, instanceState, Received, serviceTask, settle, useEngine } from './support.js';

describe('embedded engine: jobs', () => {
  const f = useEngine();
  const handles: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    await Promise.all(handles.splice(0).map((h) => h.close()));
  });

  const single = (id: string, task: string) =>
    bpmn(id, `<bpmn:startEvent id="s" />${flow('f1', 's', 't')}${task}${flow('f2', 't', 'e')}<bpmn:endEvent id="e" />`);

  it('hands a job out again when its worker lets the timeout pass, with the same key and retries', async () => {
    // given
    await f.engine.deploy([{ name: 'timeout.bpmn', content: single('j-timeout', serviceTask('t', 'j-timeout')) }]);
    const received = new Received();
    handles.push(f.engine.registerWorker({ type: 'j-timeout', timeoutMs: 60_000, handler: async (job) => (received.push(job), forward()) }));
    const { processInstanceKey } = await f.engine.createInstance('j-timeout');
    const first = await received.next((j) => j.processInstanceKey === processInstanceKey);

    // when
    f.clock.advance(59_000);
    await settle();
    const beforeDeadline = received.of(processInstanceKey).length;
    f.clock.advance(2_000);
    const again = await eventually(() => received.of(processInstanceKey)[1]);

    // then
    assert.equal(beforeDeadline, 1, 'not before the deadline');
    assert.equal(again.key, first.key);
    assert.equal(again.retries, first.retries);
    assert.equal(first.deadline, new Date('2025-03-03T01:00:00Z').getTime() + 60_000);
  });

  it('waits out the back-off of a failed job before handing it out again', async () => {
    // given
    await f.engine.deploy([{ name: 'backoff.bpmn', content: single('j-backoff', serviceTask('t', 'j-backoff')) }]);
    const received = new Received();
    handles.push(
      f.engine.registerWorker({
        type: 'j-backoff',
        handler: async (job) => {
          received.push(job);
          return job.retries === 3 ? fail('社保库维护中', { retryBackOffMs: 30_000 }) : complete({ socialSecurity: 'ok' });
        },
      }),
    );
    const start = f.clock.now().getTime();

    // when
    const { processInstanceKey } = await f.engine.createInstance('j-backoff');
    await received.next((j) => j.processInstanceKey === processInstanceKey);
    await settle();
    const duringBackOff = received.of(processInstanceKey).length;
    f.clock.set(new Date(start + 30_000));
    const retried = await eventually(() => received.of(processInstanceKey)[1]);

    // then
    assert.equal(duringBackOff, 1);
    assert.equal(retried.retries, 2);
    await eventually(async () => (await instanceState(f.sequelize, processInstanceKey)) === 'completed');
  });

  it('raises an incident when a BPMN error has no catching event, and hands the job out again once resolved', async () => {
    // given
    await f.engine.deploy([{ name: 'uncaught.bpmn', content: single('j-uncaught', serviceTask('t', 'j-uncaught')) }]);
    let attempts = 0;
    handles.push(
      f.engine.registerWorker({
        type: 'j-uncaught',
        handler: async () => (++attempts === 1 ? bpmnError('NO_SUCH_CODE', '无人处理') : complete()),
      }),
    );

    // when
    const { processInstanceKey } = await f.engine.createInstance('j-uncaught');
    const [incident] = await eventually(async () => {
      const found = await f.engine.listIncidents({ processInstanceKey });
      return found.length ? found : undefined;
    });

    // then
    assert.equal(incident.errorType, 'UNHANDLED_ERROR_EVENT');
    assert.match(incident.errorMessage, /NO_SUCH_CODE/);
    assert.ok(incident.jobKey);

    // when resolved
    await f.engine.resolveIncident(incident.key);

    // then
    await eventually(async () => (await instanceState(f.sequelize, processInstanceKey)) === 'completed');
    assert.equal(attempts, 2);
    assert.deepEqual(await f.engine.listIncidents({ processInstanceKey }), []);
  });

  it('refuses to complete, fail or throw on an unknown job, and to complete a job that has an incident', async () => {
    // given
    await f.engine.deploy([{ name: 'refuse.bpmn', content: single('j-refuse', serviceTask('t', 'j-refuse')) }]);
    const received = new Received();
    handles.push(f.engine.registerWorker({ type: 'j-refuse', handler: async (job) => (received.push(job), forward()) }));
    const { processInstanceKey } = await f.engine.createInstance('j-refuse');
    const job = await received.next((j) => j.processInstanceKey === processInstanceKey);

    // when
    await f.engine.failJob(job.key, '暂停', 0);

    // then
    await assert.rejects(f.engine.completeJob('123'), /no such job/);
    await assert.rejects(f.engine.failJob('123', 'x', 1), /no such job/);
    await assert.rejects(f.engine.throwError('123', 'X'), /no such job/);
    await assert.rejects(f.engine.completeJob(job.key), /FAILED/);
  });

  it('gives user task jobs the assignment, schedule and form headers Zeebe gives them', async () => {
    // given
    const form = await f.engine.deploy([{ name: 'opinion.form', content: JSON.stringify({ id: 'j-opinion', components: [] }) }]);
    const task = `<bpmn:userTask id="t">
      <bpmn:extensionElements>
        <zeebe:formDefinition formId="j-opinion" />
        <zeebe:assignmentDefinition assignee="=reviewer" candidateGroups="=[&quot;province:&quot; + province]" candidateUsers="alice, bob" />
        <zeebe:taskSchedule dueDate="=dueAt" followUpDate="2025-03-10T08:30:15.500+08:00" />
        <zeebe:taskHeaders><zeebe:header key="stage" value="province-review" /></zeebe:taskHeaders>
      </bpmn:extensionElements>
    </bpmn:userTask>`;
    await f.engine.deploy([{ name: 'headers.bpmn', content: single('j-headers', task) }]);
    const received = new Received();
    handles.push(f.engine.registerWorker({ type: USER_TASK_JOB_TYPE, handler: async (job) => (received.push(job), forward()) }));

    // when
    const { processInstanceKey } = await f.engine.createInstance('j-headers', { reviewer: 'li.si', province: '44', dueAt: '2025-04-01T00:00:00Z' });
    const job = await received.next((j) => j.processInstanceKey === processInstanceKey);

    // then
    assert.deepEqual(job.customHeaders, {
      stage: 'province-review',
      'io.camunda.zeebe:assignee': 'li.si',
      'io.camunda.zeebe:candidateGroups': '["province:44"]',
      'io.camunda.zeebe:candidateUsers': '["alice","bob"]',
      'io.camunda.zeebe:dueDate': '2025-04-01T00:00Z',
      'io.camunda.zeebe:followUpDate': '2025-03-10T08:30:15.500+08:00',
      'io.camunda.zeebe:formKey': form.forms[0].formKey,
    });
    assert.equal(job.retries, 1);
  });

  it('raises a FORM_NOT_FOUND incident for a user task whose form is not deployed, and creates the job once it is', async () => {
    // given
    const task = `<bpmn:userTask id="t"><bpmn:extensionElements><zeebe:formDefinition formId="j-missing-form" /></bpmn:extensionElements></bpmn:userTask>`;
    await f.engine.deploy([{ name: 'missing-form.bpmn', content: single('j-missing-form', task) }]);
    const received = new Received();
    handles.push(f.engine.registerWorker({ type: USER_TASK_JOB_TYPE, handler: async (job) => (received.push(job), forward()) }));
    const { processInstanceKey } = await f.engine.createInstance('j-missing-form');
    const [incident] = await f.engine.listIncidents({ processInstanceKey });

    // when
    const { forms } = await f.engine.deploy([{ name: 'late.form', content: JSON.stringify({ id: 'j-missing-form', components: [] }) }]);
    await f.engine.resolveIncident(incident.key);
    const job = await received.next((j) => j.processInstanceKey === processInstanceKey);

    // then
    assert.equal(incident.errorType, 'FORM_NOT_FOUND');
    assert.equal(incident.elementId, 't');
    assert.equal(job.customHeaders['io.camunda.zeebe:formKey'], forms[0].formKey);
  });

  it('catches a BPMN error thrown in a called process at the call activity, and ends the child', async () => {
    // given
    const child = single('j-child', serviceTask('t', 'j-child-check'));
    const parent = bpmn(
      'j-parent',
      `<bpmn:startEvent id="s" />${flow('f1', 's', 'call')}
      <bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="j-child" /></bpmn:extensionElements></bpmn:callActivity>
      <bpmn:boundaryEvent id="caught" attachedToRef="call"><bpmn:errorEventDefinition errorRef="err" /></bpmn:boundaryEvent>
      ${flow('f2', 'call', 'e')}<bpmn:endEvent id="e" />
      ${flow('f3', 'caught', 'handled')}${serviceTask('handled', 'j-handled')}${flow('f4', 'handled', 'e2')}<bpmn:endEvent id="e2" />`,
      '<bpmn:error id="err" errorCode="NOT_QUALIFIED" />',
    );
    await f.engine.deploy([
      { name: 'child.bpmn', content: child },
      { name: 'parent.bpmn', content: parent },
    ]);
    const handled = new Received();
    handles.push(f.engine.registerWorker({ type: 'j-child-check', handler: async () => bpmnError('NOT_QUALIFIED', '资格库无记录') }));
    handles.push(f.engine.registerWorker({ type: 'j-handled', handler: async (job) => (handled.push(job), complete()) }));

    // when
    const { processInstanceKey } = await f.engine.createInstance('j-parent');
    await handled.next((j) => j.processInstanceKey === processInstanceKey);

    // then
    const [children] = await f.sequelize.query('SELECT state FROM engine_process_instances WHERE parent_instance_key = ?', {
      replacements: [processInstanceKey],
    });
    assert.deepEqual(children, [{ state: 'terminated' }]);
    await eventually(async () => (await instanceState(f.sequelize, processInstanceKey)) === 'completed');
    assert.equal(await count(f.sequelize, 'engine_jobs', 'process_instance_key = ?', [processInstanceKey]), 0);
  });
});
