/** The one error type services throw; the errors plugin renders it as problem+json. */
import type { Static } from '@sinclair/typebox';
import { type FieldError, type ProblemCode, problemTitles } from '../schemas/common.js';
import { DocumentRuleError } from './domain/document-pricing.js';
import { BalanceError } from './domain/invoice-balance.js';
import { TransitionError } from './domain/invoice-state.js';
import { AmountError } from './domain/money.js';

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

/** The one place errors of the pure domain (src/domain) become problems. */
export function fromDomain(error: unknown): AppError | undefined {
  if (error instanceof TransitionError) return new AppError('invalid_transition', error.message);
  if (error instanceof BalanceError) return new AppError(error.code, error.message);
  if (error instanceof DocumentRuleError) {
    return new AppError(error.unprocessable ? 'unprocessable' : 'validation_failed', error.message, error.errors);
  }
  if (error instanceof AmountError) {
    return new AppError('validation_failed', `${error.path} ${error.message}`, [{ path: error.path, message: error.message }]);
  }
  return undefined;
}
