/**
 * The REST client over several engine nodes: it moves on while a node does
 * not answer, but never sends a request that may have been carried out on a
 * failing node to another one unless the request is safe to repeat.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { OperatonError, OperatonRest, OutcomeUnknown, retryOnConflict } from '../../../../server/engine/operaton/rest-client.js';

interface FakeNode {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

/** A node that answers JSON, or drops the connection mid-request ('drop'). */
async function fakeNode(behaviour: 'answer' | 'drop' | 'refuse-404'): Promise<FakeNode> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (behaviour === 'drop') return void req.socket.destroy();
    if (behaviour === 'refuse-404') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'RestException', message: 'External task with id x does not exist' }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ answeredBy: behaviour, path: req.url }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/engine-rest`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A port nobody listens on: connections are refused before anything is sent. */
async function closedPort(): Promise<string> {
  const node = await fakeNode('answer');
  await node.close();
  return node.url;
}

describe('operaton REST client over several nodes', () => {
  const nodes: FakeNode[] = [];
  const client = (urls: string[]) => new OperatonRest({ urls, user: 'zhuce', password: 'secret', preferredNode: 0, timeoutMs: 5_000 });

  afterEach(async () => {
    await Promise.all(nodes.splice(0).map((n) => n.close()));
  });

  it('moves to the next node while the first refuses connections, for any request', async () => {
    // given
    const up = await fakeNode('answer');
    nodes.push(up);
    // when
    const answer = await client([await closedPort(), up.url]).post<{ path: string }>('/process-definition/key/p/start', {});
    // then
    assert.equal(answer.path, '/engine-rest/process-definition/key/p/start');
    assert.deepEqual(up.requests, ['POST /engine-rest/process-definition/key/p/start']);
  });

  it('does not repeat a start on another node when the first failed in flight, and says the outcome is unknown', async () => {
    // given
    const dying = await fakeNode('drop');
    const up = await fakeNode('answer');
    nodes.push(dying, up);
    // when / then
    await assert.rejects(client([dying.url, up.url]).post('/process-definition/key/p/start', {}), OutcomeUnknown);
    assert.equal(dying.requests.length, 1);
    assert.deepEqual(up.requests, [], 'the second node never saw the start');
  });

  it('sends a request that is safe to repeat on to the next node after a failure in flight', async () => {
    // given
    const dying = await fakeNode('drop');
    const up = await fakeNode('answer');
    nodes.push(dying, up);
    // when
    const answer = await client([dying.url, up.url]).post<{ path: string }>('/external-task/t1/complete', {}, { idempotent: true });
    // then
    assert.equal(answer.path, '/engine-rest/external-task/t1/complete');
  });

  it('passes an engine refusal on as it is, without trying another node', async () => {
    // given
    const refusing = await fakeNode('refuse-404');
    const up = await fakeNode('answer');
    nodes.push(refusing, up);
    // when / then
    await assert.rejects(client([refusing.url, up.url]).get('/external-task/x'), (err: unknown) => err instanceof OperatonError && /NOT_FOUND/.test(err.message));
    assert.deepEqual(up.requests, []);
  });
});

describe('operaton commands that lost a race in the engine', () => {
  const refusedOnce = (type: string, message: string) => {
    let calls = 0;
    return {
      calls: () => calls,
      call: async () => {
        calls += 1;
        if (calls === 1) throw new OperatonError(500, type, message);
        return 'done';
      },
    };
  };

  it('are tried again when a concurrent transaction removed an execution the command had read (ENGINE-03077)', async () => {
    // given a completion that meets a timer firing in the same instance
    const command = refusedOnce('ProcessEngineException', "ENGINE-03077 Cannot resolve parent with id 'p' of execution 'e', perhaps it was deleted in the meantime");
    // when
    const result = await retryOnConflict(command.call);
    // then
    assert.equal(result, 'done');
    assert.equal(command.calls(), 2);
  });

  it('are tried again after an optimistic locking failure', async () => {
    // given
    const command = refusedOnce('OptimisticLockingException', 'ENGINE-03005 Execution of UPDATE failed. Entity was updated by another transaction concurrently.');
    // when / then
    assert.equal(await retryOnConflict(command.call), 'done');
    assert.equal(command.calls(), 2);
  });

  it('pass any other refusal on at once', async () => {
    // given
    const command = refusedOnce('BadUserRequestException', "External Task t cannot be completed by worker 'a'. It is locked by worker 'b'.");
    // when / then
    await assert.rejects(retryOnConflict(command.call), /locked by worker/);
    assert.equal(command.calls(), 1);
  });
});
