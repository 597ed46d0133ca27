import assert from 'node:assert/strict';
import { complete, forward } from '../../../../server/engine/port.js';
import { bpmn, count, eventually, flow, instanceState, Received, serviceTask, settle, useEngine } from './support.js';

const message = (id: string, name: string, key = '=applicationId') =>
  `<bpmn:message id="${id}" name="${name}"><bpmn:extensionElements><zeebe:subscription correlationKey="${key}" /></bpmn:extensionElements></bpmn:message>`;

/** start → wait for the message → probe → end */
const waiting = (processId: string, messageName: string, probeType: string) =>
  bpmn(
    processId,
    `<bpmn:startEvent id="s" />${flow('f1', 's', 'wait')}
    <bpmn:receiveTask id="wait" messageRef="m"><bpmn:extensionElements><zeebe:ioMapping><zeebe:output source="=documents" target="receivedDocuments" /></zeebe:ioMapping></bpmn:extensionElements></bpmn:receiveTask>
    ${flow('f2', 'wait', 'p')}${serviceTask('p', probeType)}${flow('f3', 'p', 'e')}<bpmn:endEvent id="e" />`,
    message('m', messageName),
  );

describe('embedded engine: messages', () => {
  const f = useEngine();
  const probes = new Received();
  const handles: Array<{ close(): Promise<void> }> = [];
  before(() => {
    handles.push(f.engine.registerWorker({ type: 'm-probe', handler: async (job) => (probes.push(job), complete()) }));
  });
  after(async () => {
    await Promise.all(handles.map((h) => h.close()));
  });

  it('correlates one message to one instance of a process even when two wait with the same key', async () => {
    // given
    await f.engine.deploy([{ name: 'twice.bpmn', content: waiting('m-twice', 'm-twice-docs', 'm-probe') }]);
    const a = await f.engine.createInstance('m-twice', { applicationId: 'same' });
    const b = await f.engine.createInstance('m-twice', { applicationId: 'same' });

    // when
    await f.engine.publishMessage({ name: 'm-twice-docs', correlationKey: 'same', variables: { documents: 1 } });
    await settle();
    const afterOne = probes.jobs.filter((j) => j.bpmnProcessId === 'm-twice').length;
    await f.engine.publishMessage({ name: 'm-twice-docs', correlationKey: 'same', variables: { documents: 2 } });

    // then
    assert.equal(afterOne, 1);
    const [first, second] = await eventually(() => {
      const got = [probes.of(a.processInstanceKey)[0], probes.of(b.processInstanceKey)[0]];
      return got.every(Boolean) ? got : undefined;
    });
    assert.deepEqual([first.variables.receivedDocuments, second.variables.receivedDocuments].sort(), [1, 2]);
    assert.equal(first.variables.documents, undefined, 'the output mapping keeps the message variables local');
  });

  it('drops a buffered message when its time to live has run out on the engine clock', async () => {
    // given
    await f.engine.deploy([{ name: 'ttl.bpmn', content: waiting('m-ttl', 'm-ttl-docs', 'm-probe') }]);
    await f.engine.publishMessage({ name: 'm-ttl-docs', correlationKey: 'K-1', variables: { documents: 'stale' }, timeToLiveMs: 60_000 });

    // when
    f.clock.advance(60_000);
    const { processInstanceKey } = await f.engine.createInstance('m-ttl', { applicationId: 'K-1' });
    await settle();

    // then
    assert.deepEqual(probes.of(processInstanceKey), []);
    assert.equal(await count(f.sequelize, 'engine_message_subscriptions', 'process_instance_key = ?', [processInstanceKey]), 1);
  });

  it('lets one buffered message correlate once to each process that waits for it', async () => {
    // given
    await f.engine.deploy([
      { name: 'one.bpmn', content: waiting('m-one', 'm-shared', 'm-probe') },
      { name: 'two.bpmn', content: waiting('m-two', 'm-shared', 'm-probe') },
    ]);
    await f.engine.publishMessage({ name: 'm-shared', correlationKey: 'S-1', variables: { documents: 'shared' }, timeToLiveMs: 3_600_000 });

    // when
    const one = await f.engine.createInstance('m-one', { applicationId: 'S-1' });
    const two = await f.engine.createInstance('m-two', { applicationId: 'S-1' });
    const oneAgain = await f.engine.createInstance('m-one', { applicationId: 'S-1' });
    await settle();

    // then
    assert.equal((await probes.next((j) => j.processInstanceKey === one.processInstanceKey)).variables.receivedDocuments, 'shared');
    assert.equal((await probes.next((j) => j.processInstanceKey === two.processInstanceKey)).variables.receivedDocuments, 'shared');
    assert.deepEqual(probes.of(oneAgain.processInstanceKey), [], 'not twice to the same process');
  });

  it('starts an instance from a message start event, one per correlation key at a time', async () => {
    // given
    const started = bpmn(
      'm-started',
      `<bpmn:startEvent id="s"><bpmn:messageEventDefinition messageRef="ms" /></bpmn:startEvent>${flow('f1', 's', 'hold')}
      ${serviceTask('hold', 'm-hold')}${flow('f2', 'hold', 'e')}<bpmn:endEvent id="e" />`,
      '<bpmn:message id="ms" name="m-rename-requested" />',
    );
    await f.engine.deploy([{ name: 'started.bpmn', content: started }]);
    const held = new Received();
    handles.push(f.engine.registerWorker({ type: 'm-hold', handler: async (job) => (held.push(job), forward()) }));

    // when
    await f.engine.publishMessage({ name: 'm-rename-requested', correlationKey: 'E-1', variables: { newName: '甲' }, timeToLiveMs: 3_600_000 });
    await f.engine.publishMessage({ name: 'm-rename-requested', correlationKey: 'E-1', variables: { newName: '乙' }, timeToLiveMs: 3_600_000 });
    const first = await held.next((j) => j.variables.newName === '甲');
    await settle();
    const whileFirstRuns = held.jobs.length;
    await f.engine.completeJob(first.key);
    const second = await held.next((j) => j.variables.newName === '乙');

    // then
    assert.equal(whileFirstRuns, 1);
    assert.notEqual(second.processInstanceKey, first.processInstanceKey);
    assert.equal(await instanceState(f.sequelize, first.processInstanceKey), 'completed');
  });

  it('refuses a process whose message catch event has no correlation key', async () => {
    // given
    const keyless = bpmn(
      'm-keyless',
      `<bpmn:startEvent id="s" />${flow('f1', 's', 'wait')}<bpmn:intermediateCatchEvent id="wait"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>${flow('f2', 'wait', 'e')}<bpmn:endEvent id="e" />`,
      '<bpmn:message id="m" name="m-keyless" />',
    );

    // then
    await assert.rejects(f.engine.deploy([{ name: 'keyless.bpmn', content: keyless }]), /wait.*correlation key/);
    await assert.rejects(f.engine.createInstance('m-keyless'), /none found/);
  });
});
