import assert from 'node:assert/strict';
import { complete, forward, USER_TASK_JOB_TYPE } from '../../../../server/engine/port.js';
import { bpmn, count, eventually, flow, instanceState, Received, serviceTask, settle, useEngine } from './support.js';

describe('embedded engine: processes', () => {
  const f = useEngine();
  const probes = new Received();
  const handles: Array<{ close(): Promise<void> }> = [];
  before(() => {
    handles.push(f.engine.registerWorker({ type: 'p-probe', handler: async (job) => (probes.push(job), complete()) }));
  });
  after(async () => {
    await Promise.all(handles.map((h) => h.close()));
  });

  const probeThen = (id: string, after: string) => `${flow(`to_${id}`, after, id)}${serviceTask(id, 'p-probe')}${flow(`from_${id}`, id, `end_${id}`)}<bpmn:endEvent id="end_${id}" />`;

  it('deploys a new version only when the file changed, and starts the latest', async () => {
    // given
    const v = (probeId: string) => bpmn('p-versioned', `<bpmn:startEvent id="s" />${probeThen(probeId, 's')}`);

    // when
    const first = await f.engine.deploy([{ name: 'versioned.bpmn', content: v('first') }]);
    const same = await f.engine.deploy([{ name: 'versioned.bpmn', content: v('first') }]);
    const changed = await f.engine.deploy([{ name: 'versioned.bpmn', content: v('second') }]);
    const { processInstanceKey, version } = await f.engine.createInstance('p-versioned');

    // then
    assert.equal(first.processes[0].version, 1);
    assert.deepEqual(same.processes[0], first.processes[0]);
    assert.equal(changed.processes[0].version, 2);
    assert.ok(BigInt(changed.processes[0].processDefinitionKey) > BigInt(first.processes[0].processDefinitionKey));
    assert.equal(version, 2);
    assert.equal((await probes.next((j) => j.processInstanceKey === processInstanceKey)).elementId, 'second');
  });

  it('refuses a file with a service task that has no task definition, and deploys nothing of it', async () => {
    // given
    const broken = bpmn('p-broken', `<bpmn:startEvent id="s" />${flow('f1', 's', 'check')}<bpmn:serviceTask id="check" />`);

    // then
    await assert.rejects(f.engine.deploy([{ name: 'broken.bpmn', content: broken }]), /broken\.bpmn.*check.*zeebe:taskDefinition/s);
    await assert.rejects(f.engine.deploy([{ name: 'notes.txt', content: 'x' }]), /\.bpmn and \.form/);
    await assert.rejects(f.engine.createInstance('p-broken'), /none found/);
  });

  it('runs a parallel multi-instance user task over a collection and gathers the output collection', async () => {
    // given
    const process = bpmn(
      'p-countersign',
      `<bpmn:startEvent id="s" />${flow('f1', 's', 'sign')}
      <bpmn:userTask id="sign">
        <bpmn:extensionElements><zeebe:assignmentDefinition assignee="=reviewer" /></bpmn:extensionElements>
        <bpmn:multiInstanceLoopCharacteristics>
          <bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=reviewers" inputElement="reviewer" outputCollection="opinions" outputElement="=opinion" /></bpmn:extensionElements>
        </bpmn:multiInstanceLoopCharacteristics>
      </bpmn:userTask>${probeThen('signed', 'sign')}`,
    );
    await f.engine.deploy([{ name: 'countersign.bpmn', content: process }]);
    const tasks = new Received();
    handles.push(f.engine.registerWorker({ type: USER_TASK_JOB_TYPE, handler: async (job) => (tasks.push(job), forward()) }));

    // when
    const { processInstanceKey } = await f.engine.createInstance('p-countersign', { reviewers: ['wang', 'zhao'] });
    const [wang, zhao] = await eventually(() => {
      const mine = tasks.of(processInstanceKey);
      return mine.length === 2 ? mine : undefined;
    });
    await f.engine.completeJob(zhao.key, { opinion: '同意' });
    await f.engine.completeJob(wang.key, { opinion: '补正' });
    const signed = await probes.next((j) => j.processInstanceKey === processInstanceKey);

    // then
    assert.deepEqual(
      [wang, zhao].map((t) => [t.customHeaders['io.camunda.zeebe:assignee'], t.variables.reviewer, t.variables.loopCounter]),
      [
        ['wang', 'wang', 1],
        ['zhao', 'zhao', 2],
      ],
    );
    assert.notEqual(wang.elementInstanceKey, zhao.elementInstanceKey);
    assert.deepEqual(signed.variables.opinions, ['补正', '同意']);
    assert.equal(signed.variables.reviewer, undefined, 'the input element stays in its iteration');
  });

  it('gives a subprocess its input mappings as local variables and the process only its output mappings', async () => {
    // given
    const process = bpmn(
      'p-sub',
      `<bpmn:startEvent id="s" />${flow('f1', 's', 'sub')}
      <bpmn:subProcess id="sub">
        <bpmn:extensionElements><zeebe:ioMapping>
          <zeebe:input source="=fee * 2" target="doubleFee" />
          <zeebe:output source="=doubleFee + 1" target="total" />
        </zeebe:ioMapping></bpmn:extensionElements>
        <bpmn:startEvent id="ss" />${flow('sf1', 'ss', 'gw')}
        <bpmn:exclusiveGateway id="gw" default="sf3" />
        ${flow('sf2', 'gw', 'inner', '=doubleFee > 100')}${flow('sf3', 'gw', 'se')}
        ${serviceTask('inner', 'p-probe')}${flow('sf4', 'inner', 'se')}<bpmn:endEvent id="se" />
      </bpmn:subProcess>${probeThen('after', 'sub')}`,
    );
    await f.engine.deploy([{ name: 'sub.bpmn', content: process }]);

    // when
    const { processInstanceKey } = await f.engine.createInstance('p-sub', { fee: 60 });
    const inner = await probes.next((j) => j.processInstanceKey === processInstanceKey && j.elementId === 'inner');
    const after = await probes.next((j) => j.processInstanceKey === processInstanceKey && j.elementId === 'after');

    // then
    assert.equal(inner.variables.doubleFee, 120);
    assert.equal(after.variables.total, 121);
    assert.equal(after.variables.doubleFee, undefined);
  });

  it('evaluates a FEEL script task into its result variable', async () => {
    // given
    const process = bpmn(
      'p-script',
      `<bpmn:startEvent id="s" />${flow('f1', 's', 'calc')}
      <bpmn:scriptTask id="calc"><bpmn:extensionElements><zeebe:script expression="=sum(fees)" resultVariable="totalFee" /></bpmn:extensionElements></bpmn:scriptTask>
      ${probeThen('after', 'calc')}`,
    );
    await f.engine.deploy([{ name: 'script.bpmn', content: process }]);

    // when
    const { processInstanceKey } = await f.engine.createInstance('p-script', { fees: [100, 20, 3] });

    // then
    assert.equal((await probes.next((j) => j.processInstanceKey === processInstanceKey)).variables.totalFee, 123);
  });

  it('raises a CONDITION_ERROR incident when no flow of an exclusive gateway may be taken, until the instance is cancelled', async () => {
    // given
    const process = bpmn(
      'p-nowhere',
      `<bpmn:startEvent id="s" />${flow('f1', 's', 'gw')}<bpmn:exclusiveGateway id="gw" />
      ${flow('f2', 'gw', 'yes', '=decision = "approve"')}${serviceTask('yes', 'p-probe')}${flow('f3', 'yes', 'e')}<bpmn:endEvent id="e" />`,
    );
    await f.engine.deploy([{ name: 'nowhere.bpmn', content: process }]);

    // when
    const { processInstanceKey } = await f.engine.createInstance('p-nowhere', { decision: 'refuse' });
    const incidents = await f.engine.listIncidents({ processInstanceKey });

    // then
    assert.equal(incidents.length, 1);
    assert.equal(incidents[0].errorType, 'CONDITION_ERROR');
    assert.equal(incidents[0].elementId, 'gw');

    // when resolved without anything having changed, it is raised again; cancelling ends it
    await f.engine.resolveIncident(incidents[0].key);
    const again = await f.engine.listIncidents({ processInstanceKey });
    await f.engine.cancelInstance(processInstanceKey);

    // then
    assert.deepEqual(again.map((i) => i.errorType), ['CONDITION_ERROR']);
    assert.notEqual(again[0].key, incidents[0].key);
    assert.deepEqual(await f.engine.listIncidents({ processInstanceKey }), []);
  });

  it('raises an incident for a call activity whose process is not deployed, and calls it once it is and the incident is resolved', async () => {
    // given
    const parent = bpmn(
      'p-caller',
      `<bpmn:startEvent id="s" />${flow('f1', 's', 'call')}
      <bpmn:callActivity id="call"><bpmn:extensionElements>
        <zeebe:calledElement processId="=calledProcess" propagateAllChildVariables="false" />
        <zeebe:ioMapping><zeebe:output source="=childResult" target="fromChild" /></zeebe:ioMapping>
      </bpmn:extensionElements></bpmn:callActivity>${probeThen('returned', 'call')}`,
    );
    const child = bpmn('p-callee', `<bpmn:startEvent id="s" />${flow('f1', 's', 'x')}<bpmn:scriptTask id="x"><bpmn:extensionElements><zeebe:script expression="=&quot;ok&quot;" resultVariable="childResult" /></bpmn:extensionElements></bpmn:scriptTask>${flow('f2', 'x', 'e')}<bpmn:endEvent id="e" />`);
    await f.engine.deploy([{ name: 'caller.bpmn', content: parent }]);
    const { processInstanceKey } = await f.engine.createInstance('p-caller', { calledProcess: 'p-callee' });
    const [incident] = await f.engine.listIncidents({ processInstanceKey });

    // when
    await f.engine.deploy([{ name: 'callee.bpmn', content: child }]);
    await f.engine.resolveIncident(incident.key);
    const returned = await probes.next((j) => j.processInstanceKey === processInstanceKey);

    // then
    assert.equal(incident.errorType, 'CALLED_ELEMENT_ERROR');
    assert.match(incident.errorMessage, /p-callee/);
    assert.equal(returned.variables.fromChild, 'ok');
    assert.equal(returned.variables.childResult, undefined);
  });

  it('cancels an instance with everything it waits on, including the instance it called; a called instance cannot be cancelled alone', async () => {
    // given
    const child = bpmn('p-cancel-child', `<bpmn:startEvent id="s" />${flow('f1', 's', 'w')}${serviceTask('w', 'p-hold')}${flow('f2', 'w', 'e')}<bpmn:endEvent id="e" />`);
    const parent = bpmn(
      'p-cancel',
      `<bpmn:startEvent id="s" />${flow('f1', 's', 'fork')}<bpmn:parallelGateway id="fork" />
      ${flow('f2', 'fork', 'call')}${flow('f3', 'fork', 'wait')}${flow('f4', 'fork', 'later')}
      <bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="p-cancel-child" /></bpmn:extensionElements></bpmn:callActivity>
      <bpmn:intermediateCatchEvent id="wait"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>
      <bpmn:intermediateCatchEvent id="later"><bpmn:timerEventDefinition><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
      ${flow('f5', 'call', 'e1')}<bpmn:endEvent id="e1" />${flow('f6', 'wait', 'e2')}<bpmn:endEvent id="e2" />${flow('f7', 'later', 'e3')}<bpmn:endEvent id="e3" />`,
      '<bpmn:message id="m" name="p-cancel-msg"><bpmn:extensionElements><zeebe:subscription correlationKey="=id" /></bpmn:extensionElements></bpmn:message>',
    );
    await f.engine.deploy([
      { name: 'cancel-child.bpmn', content: child },
      { name: 'cancel.bpmn', content: parent },
    ]);
    const { processInstanceKey } = await f.engine.createInstance('p-cancel', { id: 'X' });
    const [[{ key: childKey }]] = (await f.sequelize.query('SELECT key FROM engine_process_instances WHERE parent_instance_key = ?', {
      replacements: [processInstanceKey],
    })) as [Array<{ key: string }>, unknown];
    const held = (where: string) => count(f.sequelize, where, 'process_instance_key IN (?, ?)', [processInstanceKey, String(childKey)]);
    assert.deepEqual([await held('engine_jobs'), await held('engine_message_subscriptions'), await held('engine_timers')], [1, 1, 1]);

    // when
    await assert.rejects(f.engine.cancelInstance(String(childKey)), /Cancel the root process instance/);
    await f.engine.cancelInstance(processInstanceKey);

    // then
    assert.deepEqual([await held('engine_jobs'), await held('engine_message_subscriptions'), await held('engine_timers')], [0, 0, 0]);
    assert.equal(await instanceState(f.sequelize, processInstanceKey), 'terminated');
    assert.equal(await instanceState(f.sequelize, String(childKey)), 'terminated');
    await assert.rejects(f.engine.cancelInstance(processInstanceKey), /no such process/);
  });

  it('takes every inclusive-gateway flow whose condition holds', async () => {
    // given
    const process = bpmn(
      'p-inclusive',
      `<bpmn:startEvent id="s" />${flow('f1', 's', 'gw')}<bpmn:inclusiveGateway id="gw" />
      ${flow('f2', 'gw', 'a', '=fee > 0')}${flow('f3', 'gw', 'b', '=foreign')}${flow('f4', 'gw', 'c', '=false')}
      ${serviceTask('a', 'p-probe')}${serviceTask('b', 'p-probe')}${serviceTask('c', 'p-probe')}
      ${flow('f5', 'a', 'ea')}<bpmn:endEvent id="ea" />${flow('f6', 'b', 'eb')}<bpmn:endEvent id="eb" />${flow('f7', 'c', 'ec')}<bpmn:endEvent id="ec" />`,
    );
    await f.engine.deploy([{ name: 'inclusive.bpmn', content: process }]);

    // when
    const { processInstanceKey } = await f.engine.createInstance('p-inclusive', { fee: 5, foreign: true });
    await eventually(async () => (await instanceState(f.sequelize, processInstanceKey)) === 'completed');
    await settle(100);

    // then
    assert.deepEqual(probes.of(processInstanceKey).map((j) => j.elementId).sort(), ['a', 'b']);
  });

  it('routes an error end event by its code to the boundary event of the enclosing subprocess, and raises an incident when nothing catches it', async () => {
    // given a subprocess that throws an error whose code a boundary event with another error element catches
    const caught = bpmn(
      'p-error-end',
      `<bpmn:startEvent id="s" />${flow('f1', 's', 'sub')}
      <bpmn:subProcess id="sub"><bpmn:startEvent id="ss" />${flow('s1', 'ss', 'gw')}<bpmn:exclusiveGateway id="gw" default="s3" />
        ${flow('s2', 'gw', 'throw', '=missingDocuments')}${flow('s3', 'gw', 'se')}<bpmn:endEvent id="se" />
        <bpmn:endEvent id="throw"><bpmn:errorEventDefinition errorRef="thrown" /></bpmn:endEvent>
      </bpmn:subProcess>
      <bpmn:boundaryEvent id="caught" attachedToRef="sub"><bpmn:errorEventDefinition errorRef="expected" /></bpmn:boundaryEvent>
      ${probeThen('complete', 'sub')}${probeThen('incomplete', 'caught')}`,
      '<bpmn:error id="thrown" errorCode="DOCUMENTS_MISSING" /><bpmn:error id="expected" errorCode="DOCUMENTS_MISSING" />',
    );
    const uncaught = bpmn(
      'p-error-uncaught',
      `<bpmn:startEvent id="s" />${flow('f1', 's', 'throw')}<bpmn:endEvent id="throw"><bpmn:errorEventDefinition errorRef="e" /></bpmn:endEvent>`,
      '<bpmn:error id="e" errorCode="=reason" />',
    );
    await f.engine.deploy([
      { name: 'error-end.bpmn', content: caught },
      { name: 'error-uncaught.bpmn', content: uncaught },
    ]);

    // when
    const thrown = await f.engine.createInstance('p-error-end', { missingDocuments: true });
    const clean = await f.engine.createInstance('p-error-end', { missingDocuments: false });
    const lost = await f.engine.createInstance('p-error-uncaught', { reason: 'NO_ONE_LISTENS' });

    // then
    assert.equal((await probes.next((j) => j.processInstanceKey === thrown.processInstanceKey)).elementId, 'incomplete');
    assert.equal((await probes.next((j) => j.processInstanceKey === clean.processInstanceKey)).elementId, 'complete');
    const [incident] = await f.engine.listIncidents({ processInstanceKey: lost.processInstanceKey });
    assert.equal(incident.errorType, 'UNHANDLED_ERROR_EVENT');
    assert.equal(incident.elementId, 'throw');
    assert.match(incident.errorMessage, /NO_ONE_LISTENS/);
    assert.equal(await instanceState(f.sequelize, lost.processInstanceKey), 'active');
  });

  it('refuses what it cannot run as Zeebe does: event subprocesses, signal and escalation events', async () => {
    // given
    const eventSubprocess = bpmn(
      'p-event-sub',
      `<bpmn:startEvent id="s" />${flow('f1', 's', 'e')}<bpmn:endEvent id="e" />
      <bpmn:subProcess id="onError" triggeredByEvent="true"><bpmn:startEvent id="es"><bpmn:errorEventDefinition /></bpmn:startEvent></bpmn:subProcess>`,
    );
    const signal = bpmn('p-signal', `<bpmn:startEvent id="s" />${flow('f1', 's', 'wait')}<bpmn:intermediateCatchEvent id="wait"><bpmn:signalEventDefinition /></bpmn:intermediateCatchEvent>`);
    const escalation = bpmn('p-escalation', `<bpmn:startEvent id="s" />${flow('f1', 's', 'up')}<bpmn:endEvent id="up"><bpmn:escalationEventDefinition /></bpmn:endEvent>`);

    // then
    await assert.rejects(f.engine.deploy([{ name: 'event-sub.bpmn', content: eventSubprocess }]), /onError.*event subprocesses are not supported/s);
    await assert.rejects(f.engine.deploy([{ name: 'signal.bpmn', content: signal }]), /wait.*SignalEventDefinition is not supported/s);
    await assert.rejects(f.engine.deploy([{ name: 'escalation.bpmn', content: escalation }]), /up.*EscalationEventDefinition is not supported/s);
  });
});
