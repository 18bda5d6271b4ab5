/**
 * Error responses declared by the problem codes an operation can return, with why: each code's
 * HTTP status is fixed (`problemTitles` in schemas/common.ts), so `problems({ not_found: '…', conflict: '…' })` gives
 * the 404 and 409 responses, each a Problem whose `code` (and `status`) is narrowed to exactly
 * those codes, which a generated client can switch on.
 */
import { Problem, type ProblemCode, StringEnum, problemTitles, ref } from './common.js';

export type ProblemReasons = Partial<Record<ProblemCode, string>>;

/** The schema of an error response: a Problem with these codes only. */
const narrowedProblem = (status: number, codes: ProblemCode[]) => ({
  allOf: [
    ref(Problem),
    {
      type: 'object',
      properties: { status: { type: 'integer', enum: [status] }, code: StringEnum(codes) },
      required: ['status', 'code'],
    },
  ],
});

const reasonsByResponse = new WeakMap<object, ProblemReasons>();

/** The error responses, keyed by status, for the codes given with the reason each is returned. */
export function problems(reasons: ProblemReasons) {
  const byStatus = new Map<number, [ProblemCode, string][]>();
  for (const [code, reason] of Object.entries(reasons) as [ProblemCode, string][]) {
    const [status] = problemTitles[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), [code, reason]]);
  }
  const responses: Record<number, object> = {};
  for (const [status, entries] of byStatus) {
    const response = {
      description: entries.map(([code, reason]) => (entries.length > 1 ? `${code}: ${reason}` : reason)).join('; '),
      content: { 'application/problem+json': { schema: narrowedProblem(status, entries.map(([code]) => code)) } },
    };
    reasonsByResponse.set(response, Object.fromEntries(entries));
    responses[status] = response;
  }
  return responses;
}

/**
 * A route's responses with the problems every route of its kind can give added: at a status both
 * declare, the codes are merged (the route's reasons win).
 */
export function withProblems(responses: Record<string, unknown> | undefined, common: ProblemReasons) {
  let reasons: ProblemReasons = { ...common };
  const others: Record<string, unknown> = {};
  for (const [status, response] of Object.entries(responses ?? {})) {
    const own = typeof response === 'object' && response !== null ? reasonsByResponse.get(response) : undefined;
    if (own) reasons = { ...reasons, ...own };
    else others[status] = response;
  }
  return { ...problems(reasons), ...others };
}
