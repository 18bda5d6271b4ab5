/** The one error type services throw; the errors plugin renders it as problem+json. */
import type { Static } from '@sinclair/typebox';
import { type FieldError, type ProblemCode, problemTitles } from '../schemas/common.js';

export class AppError extends Error {
  readonly status: number;
  readonly title: string;

  constructor(
    readonly code: ProblemCode,
    readonly detail: string,
    readonly errors?: Static<typeof FieldError>[],
  ) {
    super(detail);
    [this.status, this.title] = problemTitles[code];
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);

/** A write by a user deleted since their (still unexpired) access token was issued. */
export const userGone = () => new AppError('unauthorized', 'The user of this access token no longer exists');
