/**
 * Rule 2 on the server: a commitment letter (个人承诺书, 企业承诺书) can be
 * confirmed only once it has been open for 60 seconds on the server's clock.
 * The page calls `open` when it shows the letter; the server records the
 * moment. Confirming (starting the case, reporting the batch) takes the
 * latest reading of that letter for that purpose and refuses while the 60
 * seconds have not passed. Each confirmation uses its reading up; declining
 * (本人不做出上述承诺) closes the reading, which cancels the draft: the next
 * attempt must open the letter again.
 */
import type { Transaction } from 'sequelize';
import type { Clock } from '../clock.js';
import type { ApplicationModels, CommitmentLetter, CommitmentReading } from './models.js';
import { conflict } from './refusal.js';

export const COMMITMENT_READING_MS = 60_000;

export const LETTER_NAMES: Record<CommitmentLetter, string> = { personal: '个人承诺书', employer: '企业承诺书' };

export interface OpenedLetter {
  readingId: number;
  letter: CommitmentLetter;
  purpose: string;
  openedAt: Date;
  /** From when 确认 is accepted. */
  confirmableAt: Date;
}

export class CommitmentTimer {
  constructor(private readonly deps: { own: ApplicationModels; clock: Clock }) {}

  async open(accountId: number, letter: CommitmentLetter, purpose: string): Promise<OpenedLetter> {
    const openedAt = this.deps.clock.now();
    const reading = await this.deps.own.CommitmentReading.create({
      accountId,
      letter,
      purpose,
      openedAt,
      decision: null,
      decidedAt: null,
      applicationId: null,
      createdAt: openedAt,
      updatedAt: openedAt,
    });
    return { readingId: reading.id, letter, purpose, openedAt, confirmableAt: new Date(openedAt.getTime() + COMMITMENT_READING_MS) };
  }

  /** 本人不做出上述承诺: the open reading is closed and the draft is cancelled. Returns whether one was open. */
  async decline(accountId: number, letter: CommitmentLetter, purpose: string): Promise<boolean> {
    const reading = await this.latest(accountId, letter, purpose);
    if (!reading || reading.decision) return false;
    const now = this.deps.clock.now();
    await reading.update({ decision: 'decline', decidedAt: now, updatedAt: now });
    return true;
  }

  /** The reading that may be confirmed now; a refusal (409) when there is none or its 60 seconds have not passed. */
  async confirmable(accountId: number, letter: CommitmentLetter, purpose: string, transaction?: Transaction): Promise<CommitmentReading> {
    const name = LETTER_NAMES[letter];
    const reading = await this.latest(accountId, letter, purpose, transaction);
    if (reading?.decision === 'decline') {
      throw conflict(`您已选择不做出《${name}》中的承诺，本次申报已取消；如需继续申报，请重新打开并阅读《${name}》`, 2, name);
    }
    if (!reading || reading.decision === 'accept') {
      throw conflict(`请先打开并仔细阅读《${name}》，60秒后方可确认（承诺书须阅读满60秒）`, 2, name);
    }
    const left = reading.openedAt.getTime() + COMMITMENT_READING_MS - this.deps.clock.now().getTime();
    if (left > 0) {
      throw conflict(`请仔细阅读《${name}》，阅读满60秒后方可确认（还需${Math.ceil(left / 1000)}秒）`, 2, name);
    }
    return reading;
  }

  /** Uses the reading up for this confirmation, inside the caller's transaction. */
  async confirm(reading: CommitmentReading, applicationId: number | null, transaction: Transaction): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.own.CommitmentReading.update({ decision: 'accept', decidedAt: now, applicationId, updatedAt: now }, { where: { id: reading.id }, transaction });
  }

  /** Opens the reading again when the confirmation it served did not go through. */
  async reopen(reading: CommitmentReading, transaction: Transaction): Promise<void> {
    await this.deps.own.CommitmentReading.update({ decision: null, decidedAt: null, applicationId: null }, { where: { id: reading.id }, transaction });
  }

  /** The latest opening of the letter for the purpose: the form opening a filing comes from. */
  latest(accountId: number, letter: CommitmentLetter, purpose: string, transaction?: Transaction) {
    return this.deps.own.CommitmentReading.findOne({
      where: { accountId, letter, purpose },
      order: [
        ['openedAt', 'DESC'],
        ['id', 'DESC'],
      ],
      transaction,
    });
  }
}
