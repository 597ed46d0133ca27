/**
 * The external-task poller: a poll whose answer is lost may have locked
 * tasks nobody works; the poller unlocks those, and only those, so the next
 * poll fetches them again instead of the case waiting out the lock.
 */
import assert from 'node:assert/strict';
import { forward } from '../../../../server/engine/port.js';
import { OperatonError, OutcomeUnknown } from '../../../../server/engine/operaton/rest-client.js';
import { TaskPoller, type LockedTask } from '../../../../server/engine/operaton/workers.js';

const WORKER = 'zhuce-host-1';

function lockedTask(id: string): LockedTask {
  return {
    id,
    topicName: 'zhuce.notify',
    activityId: 'Task_Notify',
    activityInstanceId: `Task_Notify:${id}`,
    processInstanceId: `pi-${id}`,
    processDefinitionId: 'def:1',
    retries: null,
    lockExpirationTime: new Date(Date.now() + 60_000).toISOString(),
  };
}

/** An engine whose polls answer as scripted, then with nothing; it holds under WORKER every task it handed out or lost. */
class ScriptedEngine {
  readonly held = new Set<string>();
  readonly unlocked: string[] = [];
  readonly queries: string[] = [];

  constructor(private readonly polls: Array<{ answer: string[] } | { lost: string[] } | { refused: true }>) {}

  async get<T>(path: string): Promise<T> {
    this.queries.push(path);
    assert.match(path, new RegExp(`^/external-task\\?workerId=${WORKER}&locked=true`));
    return [...this.held].map((id) => ({ id })) as T;
  }

  async post<T>(path: string): Promise<T> {
    const unlock = /^\/external-task\/([^/]+)\/unlock$/.exec(path);
    if (unlock) {
      this.held.delete(unlock[1]);
      this.unlocked.push(unlock[1]);
      return undefined as T;
    }
    assert.equal(path, '/external-task/fetchAndLock');
    const poll = this.polls.shift();
    if (!poll) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return [] as T;
    }
    if ('refused' in poll) throw new OperatonError(500, 'ProcessEngineException', 'database unavailable');
    if ('lost' in poll) {
      for (const id of poll.lost) this.held.add(id);
      throw new OutcomeUnknown('POST /external-task/fetchAndLock on node 2: The operation was aborted due to timeout');
    }
    for (const id of poll.answer) this.held.add(id);
    return poll.answer.map(lockedTask) as T;
  }
}

async function pollUntil(engine: ScriptedEngine, done: () => boolean): Promise<string[]> {
  const dispatched: string[] = [];
  const poller = new TaskPoller(engine, WORKER, async (task) => void dispatched.push(task.id), [], () => ['notify-process'], () => {});
  poller.add({ type: 'zhuce.notify', handler: async () => forward() });
  for (let waited = 0; !done() && waited < 5_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
  await poller.stop();
  return dispatched;
}

describe('operaton external-task poller', () => {
  it('unlocks the tasks a poll locked when its answer was lost, and not those it received', async () => {
    // given an engine that answers the first poll and loses the answer of the second
    const engine = new ScriptedEngine([{ answer: ['t-received'] }, { lost: ['t-lost-1', 't-lost-2'] }]);
    // when
    const dispatched = await pollUntil(engine, () => engine.unlocked.length > 0);
    // then
    assert.deepEqual(dispatched, ['t-received']);
    assert.deepEqual(engine.unlocked.sort(), ['t-lost-1', 't-lost-2']);
    assert.deepEqual([...engine.held], ['t-received']);
  });

  it('leaves every lock alone when a poll was refused by the engine, which locks nothing then', async () => {
    // given
    const engine = new ScriptedEngine([{ answer: ['t-received'] }, { refused: true }, { answer: ['t-next'] }]);
    // when
    const dispatched = await pollUntil(engine, () => engine.held.has('t-next'));
    // then
    assert.deepEqual(dispatched, ['t-received', 't-next']);
    assert.deepEqual(engine.queries, []);
    assert.deepEqual(engine.unlocked, []);
  });
});
