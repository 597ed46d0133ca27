/**
 * A request the application service turns down on purpose: an HTTP status
 * (422 invalid input, 409 conflict with the state of the case or the
 * registers, 403 not the actor's, 404 unknown), a Chinese message naming the
 * field and the rule, and the number of the SPEC §6 rule where one applies.
 * The service checks before it writes, so a refusal leaves the database as it
 * was.
 */
import { HttpError } from '../http/errors.js';

export class Refusal extends HttpError {
  constructor(
    status: 403 | 404 | 409 | 422 | 503,
    message: string,
    readonly rule?: number,
    field?: string,
  ) {
    super(status, message, field);
  }
}

export const invalid = (message: string, rule?: number, field?: string) => new Refusal(422, message, rule, field);
export const conflict = (message: string, rule?: number, field?: string) => new Refusal(409, message, rule, field);
export const notYours = (message: string) => new Refusal(403, message);
export const unknown = (message: string) => new Refusal(404, message);
