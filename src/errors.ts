/** The one error type services throw; the errors plugin renders it as problem+json. */
import type { Static } from '@sinclair/typebox';
import type { FieldError } from '../schemas/common.js';

export const problemTitles = {
  validation_failed: [400, 'Validation failed'],
  unauthorized: [401, 'Unauthorized'],
  invalid_credentials: [401, 'Invalid credentials'],
  forbidden: [403, 'Forbidden'],
  not_found: [404, 'Not found'],
  request_timeout: [408, 'Request timeout'],
  email_taken: [409, 'Email already registered'],
  conflict: [409, 'Conflict'],
  invalid_transition: [409, 'Invalid state transition'],
  precondition_failed: [412, 'Precondition failed'],
  payload_too_large: [413, 'Payload too large'],
  unsupported_media_type: [415, 'Unsupported media type'],
  unprocessable: [422, 'Unprocessable request'],
  overpayment: [422, 'Overpayment'],
  idempotency_key_reused: [422, 'Idempotency key reused'],
  profile_required: [422, 'Business profile required'],
  rate_limited: [429, 'Too many requests'],
  headers_too_large: [431, 'Request header fields too large'],
  internal: [500, 'Internal server error'],
  service_unavailable: [503, 'Service unavailable'],
} as const satisfies Record<string, readonly [number, string]>;

export type ProblemCode = keyof typeof problemTitles;

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
