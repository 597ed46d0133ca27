/**
 * Record ids in paths (`/tasks/:id`) are positive integers that fit the
 * database's INTEGER; anything else names nothing, so it is a 404 before a
 * query is made (instead of NaN reaching SQL).
 */
import type { RequestParamHandler } from 'express';
import { notFound } from './errors.js';

const MAX_ID = 2_147_483_647;

export function positiveId(value: unknown): number | null {
  if (typeof value !== 'string' || !/^[1-9][0-9]{0,9}$/.test(value)) return null;
  const id = Number(value);
  return id <= MAX_ID ? id : null;
}

/** `router.param('id', idParam)`: a malformed id answers 404. */
export const idParam: RequestParamHandler = (_req, _res, next, value) => {
  next(positiveId(value) === null ? notFound('记录') : undefined);
};
