/**
 * Unique, increasing keys for everything the engine creates. Keys are handed
 * out synchronously (bpmn-engine calls us synchronously) from a block reserved
 * in the database inside the step's transaction; if that transaction rolls
 * back, the block is forgotten so no key is ever handed out twice.
 */
import type { Transaction } from 'sequelize';
import type { EngineStore } from './store.js';

const BLOCK = 1000;

export class KeyAllocator {
  private nextKey = 0;
  private end = 0;

  constructor(private readonly store: EngineStore) {}

  /** Makes sure at least `count` keys can be handed out without the database. */
  async ensure(t: Transaction, count = BLOCK / 4): Promise<void> {
    if (this.end - this.nextKey >= count) return;
    const size = Math.max(BLOCK, count);
    const start = await this.store.reserveKeys(size, t);
    this.nextKey = start;
    this.end = start + size;
  }

  next(): string {
    if (this.nextKey >= this.end) throw new Error('key block exhausted within one step');
    return String(this.nextKey++);
  }

  /** After a rollback the reservation is gone with it. */
  forget(): void {
    this.nextKey = 0;
    this.end = 0;
  }
}
