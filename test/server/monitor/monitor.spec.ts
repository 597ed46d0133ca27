/**
 * The analysts' monitor over HTTP on the embedded engine: a process whose
 * check fails until its register is back, seen as an incident on the
 * overview, the version page and the instance page, retried from there.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deployModels } from '../../../server/engine/deploy-models.js';
import { complete, fail, type WorkerHandle } from '../../../server/engine/port.js';
import { logIn } from '../../support/web-session.js';
import { openWorld, type World } from '../../security/support/world.js';

const PROCESS = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'monitor-check.bpmn'), 'utf8');

async function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('the analysts\' process monitor', function () {
  this.timeout(60_000);
  let world: World;
  let worker: WorkerHandle;
  let registerUp = false;
  let instanceKey: string;

  before(async () => {
    world = await openWorld();
    const { engine, catalog } = world.runtime;
    await deployModels(engine, catalog, [{ name: 'monitor-check.bpmn', content: PROCESS }]);
    worker = engine.registerWorker({
      type: 'monitor.check',
      handler: async () => (registerUp ? complete({ checked: true }) : fail('资格库连接超时', { retries: 0 })),
    });
    instanceKey = (await engine.createInstance('monitor-check', { applicationId: 999 })).processInstanceKey;
    await eventually('the incident', async () => ((await engine.listIncidents({ processInstanceKey: instanceKey })).length ? true : undefined));
  });

  after(async () => {
    await worker?.close();
    await world?.close();
  });

  it('shows the incident on the overview, on the version\'s page and on the instance with its path and variables', async () => {
    // given
    const analyst = await logIn(world.base, 'fenxi');
    // when
    const overview = await (await analyst.get('/analyst/monitor', { accept: 'text/html' })).text();
    const version = await (await analyst.get('/analyst/monitor/processes/monitor-check', { accept: 'text/html' })).text();
    const instance = await (await analyst.get(`/analyst/monitor/instances/${instanceKey}`, { accept: 'text/html' })).text();
    // then
    assert.match(overview, /monitor-check<\/code><\/td><td>监控示例流程<\/td><td><span class="badge">1<\/span>/);
    assert.match(version, /有故障 1/);
    assert.match(version, /核查资格库 <code>Task_check<\/code><\/td><td>1<\/td><td><span class="badge">1<\/span>/);
    assert.match(instance, /资格库连接超时/);
    assert.match(instance, /action="\/analyst\/monitor\/incidents\/\d+\/retry"/);
    assert.match(instance, /<code>applicationId<\/code><\/td><td><code class="wrap">999<\/code>/);
    assert.match(instance, /"done":\["Start"\]/);
  });

  it('retries the failed job from the instance page, after which the instance completes', async () => {
    // given the register is back
    const analyst = await logIn(world.base, 'fenxi');
    const [incident] = await world.runtime.engine.listIncidents({ processInstanceKey: instanceKey });
    registerUp = true;
    // when
    const retried = await analyst.post(`/analyst/monitor/incidents/${incident.key}/retry`, new URLSearchParams(), { accept: 'text/html' });
    // then
    assert.equal(retried.status, 303);
    assert.match(retried.headers.get('location') ?? '', new RegExp(`/analyst/monitor/instances/${instanceKey}`));
    const done = await eventually('the instance to complete', async () => {
      const detail = await world.runtime.engine.instance(instanceKey);
      return detail?.state === 'completed' ? detail : undefined;
    });
    assert.deepEqual(done.incidents, []);
    assert.ok(done.completedElementIds.includes('Task_check'));
  });

  it('answers only analysts, and 404 for what does not exist', async () => {
    // given
    const applicant = await logIn(world.base, 'zhangwei');
    const analyst = await logIn(world.base, 'fenxi');
    // when / then
    assert.equal((await applicant.get('/analyst/monitor')).status, 403);
    assert.equal((await applicant.post('/analyst/monitor/incidents/1/retry')).status, 403);
    assert.equal((await analyst.get('/analyst/monitor/instances/no-such-instance')).status, 404);
    assert.equal((await analyst.get('/analyst/monitor/processes/no-such-process')).status, 404);
    assert.equal((await analyst.post('/analyst/monitor/incidents/424242/retry')).status, 404);
  });
});
