/**
 * Publishing messages with Zeebe's semantics on Operaton: a message goes to
 * the elements waiting for its name whose correlation-key variable (see
 * translate.ts) equals its key. Operaton has no buffer, so a message with a
 * time to live that finds nobody is kept in operaton_messages and offered
 * again, in publishing order, until it finds a subscription or expires.
 * Like Zeebe's, delivery is at least once: a correlation whose answer was
 * lost with its node is sent again to another. A
 * message id is refused again while its message lives, as in Zeebe. Rows are
 * claimed before they are correlated, so several app servers never deliver
 * one message twice.
 */
import { Op } from 'sequelize';
import type { PublishMessage } from '../port.js';
import { retryOnConflict, type OperatonRest } from './rest-client.js';
import type { OperatonTables } from './tables.js';
import { correlationVariable } from './translate.js';
import { toTyped, toTypedVariables } from './variables.js';

const RETRY_EVERY_MS = 250;

export class MessageBuffer {
  private timer?: NodeJS.Timeout;
  private running = false;
  private polling?: Promise<void>;

  constructor(
    private readonly rest: OperatonRest,
    private readonly tables: OperatonTables,
    private readonly now: () => Date,
    private readonly log: (msg: string) => void,
  ) {}

  start(): void {
    this.running = true;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.polling;
  }

  async publish(message: PublishMessage): Promise<void> {
    const ttl = message.timeToLiveMs ?? 0;
    const now = this.now();
    if (message.messageId) {
      await this.tables.messages.destroy({ where: { expiresAt: { [Op.lte]: now } } });
      if (await this.tables.messages.count({ where: { messageId: message.messageId } })) {
        this.log(`operaton: message ${message.name} with id ${message.messageId} is already buffered; dropped the duplicate`);
        return;
      }
    }
    // Older buffered messages of the same name and key go first.
    const waiting = ttl > 0 ? await this.pendingFor(message.name, message.correlationKey) : 0;
    const delivered = waiting === 0 && (await this.correlate(message.name, message.correlationKey, message.variables ?? {}));
    if (ttl <= 0) return;
    try {
      await this.tables.messages.create({
        name: message.name,
        correlationKey: message.correlationKey,
        messageId: message.messageId ?? null,
        variables: JSON.stringify(message.variables ?? {}),
        expiresAt: new Date(now.getTime() + ttl),
        correlatedAt: delivered ? now : null,
        createdAt: now,
      });
    } catch (err) {
      if (!message.messageId) throw err;
      this.log(`operaton: message ${message.name} with id ${message.messageId} raced a duplicate; dropped it`);
    }
  }

  /** True when an element was waiting for it. */
  async correlate(name: string, correlationKey: string, variables: Record<string, unknown>): Promise<boolean> {
    const results = await retryOnConflict(() =>
      this.rest.post<unknown[]>('/message', {
        messageName: name,
        localCorrelationKeys: { [correlationVariable(name)]: toTyped(correlationKey) },
        processVariables: toTypedVariables(variables),
        all: true,
        resultEnabled: true,
      }, { idempotent: true }),
    );
    return Array.isArray(results) && results.length > 0;
  }

  private async pendingFor(name: string, correlationKey: string): Promise<number> {
    return this.tables.messages.count({ where: { name, correlationKey, correlatedAt: { [Op.is]: null }, expiresAt: { [Op.gt]: this.now() } } });
  }

  private schedule(): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.polling = this.offerBuffered()
        .catch((err) => this.log(`operaton: buffered messages: ${(err as Error).message}`))
        .finally(() => this.schedule());
    }, RETRY_EVERY_MS);
  }

  private async offerBuffered(): Promise<void> {
    const now = this.now();
    const rows = (
      await this.tables.messages.findAll({ where: { correlatedAt: { [Op.is]: null }, expiresAt: { [Op.gt]: now } }, order: [['id', 'ASC']], limit: 200 })
    ).map((m) => m.get());
    const tried = new Set<string>();
    for (const row of rows) {
      if (!this.running) return;
      // Publishing order per name and key: a younger message waits while an older one found nobody.
      const stream = `${row.name}\u0000${row.correlationKey}`;
      if (tried.has(stream)) continue;
      const [claimed] = await this.tables.messages.update({ correlatedAt: now }, { where: { id: row.id, correlatedAt: { [Op.is]: null } } });
      if (claimed !== 1) continue;
      let delivered = false;
      try {
        delivered = await this.correlate(row.name, row.correlationKey, JSON.parse(row.variables) as Record<string, unknown>);
      } finally {
        if (!delivered) {
          tried.add(stream);
          await this.tables.messages.update({ correlatedAt: null }, { where: { id: row.id } });
        }
      }
    }
  }
}
