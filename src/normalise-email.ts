/**
 * Emails are stored and compared trimmed and lower-cased. Bodies are normalised in
 * preValidation, so the schema's `format: email` and `maxLength` judge the stored form and
 * `Foo@Example.com ` and `foo@example.com` are the same account.
 */
import type { preValidationHookHandler } from 'fastify';

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export const normaliseBodyEmail: preValidationHookHandler = async (request) => {
  const body = request.body;
  if (typeof body === 'object' && body !== null && 'email' in body && typeof body.email === 'string') {
    body.email = normaliseEmail(body.email);
  }
};
