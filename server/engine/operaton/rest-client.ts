/**
 * Operaton's REST API on one or more engine nodes that share a database.
 * Requests go to this process's preferred node and move on to the next one
 * while a node does not answer, so the adapter goes on when a node is down.
 * An engine's refusal (4xx, 5xx with a JSON body) is not a node failure: it
 * is thrown as an OperatonError.
 */
export class OperatonError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    // The inbox recognises a job that is gone by NOT_FOUND (as with Zeebe's gRPC status).
    super(`operaton: ${status === 404 ? 'NOT_FOUND' : type || status}: ${message}`);
    this.name = 'OperatonError';
  }
}

/**
 * A request that went out to a node which then failed: it may or may not have
 * been carried out there, so it is not sent to another node on its own.
 */
export class OutcomeUnknown extends Error {
  constructor(message: string) {
    super(`operaton: outcome unknown: ${message}`);
    this.name = 'OutcomeUnknown';
  }
}

/** Failures that mean the request never reached a node. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

function neverSent(err: unknown): boolean {
  const cause = (err as { cause?: { code?: string } }).cause;
  return err instanceof NodeDown || NEVER_SENT.has(cause?.code ?? '');
}

export interface RequestInit {
  signal?: AbortSignal;
  timeoutMs?: number;
  /**
   * Safe to send again to another node after a failure in flight (reads,
   * long polls, and results the engine refuses the second time anyway).
   * Otherwise only a request that never reached a node moves on.
   */
  idempotent?: boolean;
}

export interface RestOptions {
  urls: string[];
  user: string;
  password: string;
  /** How long a node that failed is skipped. */
  downForMs?: number;
  /** Per-request limit, long polls excepted. */
  timeoutMs?: number;
  /** Which node this process asks first; by default one chosen by process id, so app servers spread. */
  preferredNode?: number;
  log?: (msg: string) => void;
}

interface Node {
  url: string;
  downUntil: number;
}

export class OperatonRest {
  private readonly nodes: Node[];
  private readonly authorization: string;
  private preferred: number;

  constructor(private readonly options: RestOptions) {
    if (!options.urls.length) throw new Error('operaton: no engine URL configured');
    this.nodes = options.urls.map((url) => ({ url: url.replace(/\/+$/, ''), downUntil: 0 }));
    this.authorization = `Basic ${Buffer.from(`${options.user}:${options.password}`).toString('base64')}`;
    // App servers spread over the nodes; each stays with one while it answers (long polls are woken by tasks created on their node).
    this.preferred = (options.preferredNode ?? process.pid) % this.nodes.length;
  }

  get nodeCount(): number {
    return this.nodes.length;
  }

  async get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path, undefined, { idempotent: true });
  }

  async post<T>(path: string, body?: unknown, init: RequestInit = {}): Promise<T> {
    return this.request<T>('POST', path, body, init);
  }

  async put<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('PUT', path, body, { idempotent: true });
  }

  async delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path, undefined, { idempotent: true });
  }

  async request<T>(method: string, path: string, body?: unknown, init: RequestInit = {}): Promise<T> {
    let lastError: unknown;
    for (let attempt = 0; attempt < this.nodes.length * 2; attempt++) {
      const index = this.pick(attempt);
      const node = this.nodes[index];
      try {
        const response = await fetch(node.url + path, {
          method,
          headers: {
            authorization: this.authorization,
            accept: 'application/json',
            ...(body !== undefined && !(body instanceof FormData) ? { 'content-type': 'application/json' } : {}),
          },
          body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
          signal: combine(init.signal, init.timeoutMs ?? this.options.timeoutMs ?? 30_000),
        });
        if (response.status === 502 || response.status === 503) throw new NodeDown(`${node.url} answered ${response.status}`);
        const text = await response.text();
        if (!response.ok) {
          let type = '';
          let message = text;
          try {
            const parsed = JSON.parse(text) as { type?: string; message?: string };
            type = parsed.type ?? '';
            message = parsed.message ?? text;
          } catch {
            // not JSON: keep the text
          }
          throw new OperatonError(response.status, type, message);
        }
        if (index !== this.preferred && this.nodes[this.preferred].downUntil > Date.now()) this.preferred = index;
        return (text ? JSON.parse(text) : undefined) as T;
      } catch (err) {
        if (err instanceof OperatonError) throw err;
        if (init.signal?.aborted) throw err;
        lastError = err;
        node.downUntil = Date.now() + (this.options.downForMs ?? 2000);
        if (!init.idempotent && !neverSent(err)) throw new OutcomeUnknown(`${method} ${path} on ${node.url}: ${(err as Error).message}`);
        this.options.log?.(`operaton: node ${node.url} did not answer (${(err as Error).message}); trying another`);
        if (this.nodes.every((n) => n.downUntil > Date.now())) await new Promise((r) => setTimeout(r, 250));
      }
    }
    throw new Error(`operaton: no engine node answered: ${(lastError as Error)?.message ?? lastError}`);
  }

  /** The preferred node while it is up, else the next one that is. */
  private pick(attempt: number): number {
    const now = Date.now();
    for (let i = 0; i < this.nodes.length; i++) {
      const index = (this.preferred + i + (attempt >= this.nodes.length ? attempt : 0)) % this.nodes.length;
      if (this.nodes[index].downUntil <= now) return index;
    }
    return (this.preferred + attempt) % this.nodes.length;
  }
}

class NodeDown extends Error {}

/**
 * Two branches reaching one join (or a timer and a task completion) in the
 * same instance at once: Operaton lets one transaction win and refuses the
 * other with an OptimisticLockingException, or, where the database itself
 * caught the clash (a row the other transaction removed), with a
 * ProcessEnginePersistenceException; or, where the command read an execution
 * whose parent the other transaction had just removed (a non-interrupting
 * timer's branch ending as the task completes), with ENGINE-03077. Each is
 * tried again.
 */
const LOST_RACE = /OptimisticLocking|ProcessEnginePersistence|ENGINE-03077/;

export async function retryOnConflict<T>(call: () => Promise<T>, attempts = 8): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (!(err instanceof OperatonError) || !LOST_RACE.test(`${err.type} ${err.message}`) || attempt >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 20 * attempt + Math.random() * 50));
    }
  }
}

function combine(signal: AbortSignal | undefined, timeoutMs: number): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}
