/** The dates a report or export is asked for, refused with a 400 naming the parameter when they cannot be served. */
import { MAX_REPORT_YEARS } from '../../base/vocabulary.js';
import { type RangeProblem, dateProblem, rangeProblem } from '../domain/report-periods.js';
import { AppError } from '../errors.js';

function refuse(problem: RangeProblem | undefined): void {
  if (problem) throw new AppError('validation_failed', `Invalid querystring: ${problem.path} ${problem.message}`, [problem]);
}

/** A report's required range: from ≤ to, less than MAX_REPORT_YEARS years. */
export const assertReportRange = (from: string, to: string) => refuse(rangeProblem(from, to, MAX_REPORT_YEARS));

/** An export's optional bounds: from ≤ to when both are given, any length. */
export function assertExportRange(from: string | undefined, to: string | undefined): void {
  refuse((from === undefined ? undefined : dateProblem(from, '/from')) ?? (to === undefined ? undefined : dateProblem(to, '/to')));
  if (from !== undefined && to !== undefined) refuse(rangeProblem(from, to));
}

export const assertReportDate = (date: string) => refuse(dateProblem(date, '/asOf'));
