/**
 * Completing a task from outside its handler (a reviewer's decision, perhaps
 * through another app server) against fake engine nodes: it is completed as
 * the server holding its lock, and a completion whose answer was lost with its
 * node is told apart, through the history, from a task the process left.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Sequelize } from 'sequelize';
import { OperatonEngine } from '../../../../server/engine/operaton/index.js';

interface EngineState {
  /** The task's lock owner while it is open; null once completed or left. */
  holder: string | null;
  completedBy: string[];
  /** Whether the history holds a successful completion of the task. */
  succeeded: boolean;
  /** The process leaves the task (withdrawn) right after it was read. */
  leftAfterRead?: boolean;
}

/** One node of a cluster sharing `state`; a dying node carries a completion out and then drops the connection. */
async function fakeNode(state: EngineState, behaviour: 'answer' | 'carry-out-and-drop'): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const json = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      const url = req.url ?? '';
      if (req.method === 'GET' && url === '/engine-rest/external-task/t1') {
        if (!state.holder) return json(404, { type: 'RestException', message: 'External task with id t1 does not exist' });
        json(200, { processDefinitionId: 'review:1:d1', activityId: 'Task_Review', workerId: state.holder });
        if (state.leftAfterRead) state.holder = null;
        return;
      }
      if (req.method === 'GET' && url.startsWith('/engine-rest/process-definition/review%3A1%3Ad1/xml')) return json(200, { id: 'review:1:d1', bpmn20Xml: '<definitions />' });
      if (req.method === 'GET' && url === '/engine-rest/history/external-task-log/count?externalTaskId=t1&successLog=true') return json(200, { count: state.succeeded ? 1 : 0 });
      if (req.method === 'POST' && url === '/engine-rest/external-task/t1/complete') {
        const { workerId } = JSON.parse(body) as { workerId: string };
        if (!state.holder) return json(404, { type: 'RestException', message: 'Cannot find external task with id t1' });
        if (workerId !== state.holder) return json(400, { type: 'BadUserRequestException', message: `External Task t1 cannot be completed by worker '${workerId}'. It is locked by worker '${state.holder}'.` });
        state.holder = null;
        state.succeeded = true;
        state.completedBy.push(workerId);
        if (behaviour === 'carry-out-and-drop') return void req.socket.destroy();
        return void res.writeHead(204).end();
      }
      json(500, { type: 'ProcessEngineException', message: `unexpected ${req.method} ${url}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/engine-rest`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('operaton: completing a task from outside its handler', () => {
  const closing: Array<() => Promise<void>> = [];
  let sequelize: Sequelize;

  beforeEach(() => {
    sequelize = new Sequelize({ dialect: 'sqlite', storage: ':memory:', logging: false });
  });

  afterEach(async () => {
    await Promise.all(closing.splice(0).map((close) => close()));
    await sequelize.close();
  });

  async function engineOn(state: EngineState, behaviours: Array<'answer' | 'carry-out-and-drop'>): Promise<OperatonEngine> {
    const nodes = await Promise.all(behaviours.map((b) => fakeNode(state, b)));
    closing.push(...nodes.map((n) => n.close));
    // Node 0 is asked first: OperatonRest prefers node pid % 2, so the test names the order through the pid.
    const urls = nodes.map((n) => n.url);
    if (process.pid % 2 === 1) urls.reverse();
    return new OperatonEngine({ urls, user: 'zhuce', password: 'secret', sequelize, workerId: 'zhuce-a' });
  }

  it('completes it as the app server holding its lock', async () => {
    // given a task locked by another app server
    const state: EngineState = { holder: 'zhuce-b', completedBy: [], succeeded: false };
    const engine = await engineOn(state, ['answer']);
    // when
    await engine.completeJob('t1', { decision: 'approve' });
    // then
    assert.deepEqual(state.completedBy, ['zhuce-b']);
  });

  it('takes a completion carried out by a node that died before answering as done, though the next node no longer knows the task', async () => {
    // given
    const state: EngineState = { holder: 'zhuce-a', completedBy: [], succeeded: false };
    const engine = await engineOn(state, ['carry-out-and-drop', 'answer']);
    // when
    await engine.completeJob('t1', { decision: 'approve' });
    // then
    assert.deepEqual(state.completedBy, ['zhuce-a']);
  });

  it('refuses with NOT_FOUND a task the process left, which the history shows never completed', async () => {
    // given a task the engine knew when it was read, then left (withdrawn) before the completion came
    const state: EngineState = { holder: 'zhuce-a', completedBy: [], succeeded: false, leftAfterRead: true };
    const engine = await engineOn(state, ['answer']);
    // when / then
    await assert.rejects(engine.completeJob('t1', {}), /NOT_FOUND/);
    assert.deepEqual(state.completedBy, []);
  });
});
