/**
 * A failed validation said for a person: one plain message per field, named by its JSON Pointer.
 * ajv reports each failed keyword, and every branch of a union beside the union itself
 * (`unitPrice: 19.99` gives "must be integer", "must be string" and "must match exactly one
 * schema"), with patterns quoted back as regular expressions. Here each field gets the one message
 * that says what it must be; no regular expression ever reaches the caller.
 */
import type { ErrorObject } from 'ajv';
import { MESSAGE, NOT_BLANK } from '../schemas/common.js';

export interface FieldError {
  path: string;
  message: string;
}

type Issue = ErrorObject;
type SchemaObject = Record<string, unknown>;

/** What a value failing a format must be. */
export const formatMessages: Record<string, string> = {
  date: 'must be a date, YYYY-MM-DD',
  'date-time': 'must be a date and time in ISO 8601 with a time zone, e.g. 2026-11-24T10:00:00Z',
  email: 'must be an email address',
  uuid: 'must be a UUID',
  uri: 'must be an absolute URL, e.g. https://example.com/hooks',
  'iso-4217': 'must be an ISO 4217 currency code in upper case, e.g. USD, EUR, JPY',
  'iso-3166-alpha-2': 'must be an ISO 3166-1 alpha-2 country code in upper case, e.g. DE, FR, US',
  iban: 'must be an IBAN (upper case, no spaces) with a valid ISO 13616 check digit',
  bic: 'must be a BIC (ISO 9362: 8 or 11 characters)',
  'vat-id': 'must be a VAT number: two letters (the country prefix) then 2–13 letters or digits',
  'eas-code': 'must be a code of the EAS (Electronic Address Scheme) code list, e.g. 0208, 9930, 0088',
  'iso-6523-icd': 'must be an ISO 6523 ICD code (4 digits), e.g. 0002, 0208',
  'unece-rec20': 'must be a UN/ECE Recommendation 20 or 21 unit code, e.g. C62, HUR, DAY, KGM',
};

const article = (type: string) => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);
const typeName = (type: unknown) => (type === 'null' ? 'null' : article(String(type)));
const plural = (count: unknown, one: string) => `${count} ${one}${count === 1 ? '' : 's'}`;

/** A keyword's failure in words; the schema's own message (x-message) wins when it has one. */
function keywordMessage(issue: Issue): string {
  const params = issue.params as Record<string, unknown>;
  switch (issue.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not an allowed property';
    case 'type':
      return `must be ${[params.type].flat().map(typeName).join(' or ')}`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map(String).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case 'format':
      return formatMessages[String(params.format)] ?? `must be a valid ${String(params.format)}`;
    case 'pattern':
      // Never the pattern itself: the schema's description says what the value must look like.
      return params.pattern === NOT_BLANK ? 'must not be blank' : describedFormat(issue.parentSchema);
    case 'minLength':
      return params.limit === 1 ? 'must not be empty' : `must be at least ${plural(params.limit, 'character')} long`;
    case 'maxLength':
      return `must be at most ${plural(params.limit, 'character')} long`;
    case 'minimum':
      return `must be at least ${String(params.limit)}`;
    case 'maximum':
      return `must be at most ${String(params.limit)}`;
    case 'exclusiveMinimum':
      return `must be greater than ${String(params.limit)}`;
    case 'exclusiveMaximum':
      return `must be less than ${String(params.limit)}`;
    case 'multipleOf':
      return `must be a multiple of ${String(params.multipleOf)}`;
    case 'minItems':
      return `must have at least ${plural(params.limit, 'item')}`;
    case 'maxItems':
      return `must have at most ${plural(params.limit, 'item')}`;
    case 'uniqueItems':
      return `must not repeat an item (items ${String(params.j)} and ${String(params.i)} are the same)`;
    case 'minProperties':
      return `must have at least ${plural(params.limit, 'property')}`.replace('propertys', 'properties');
    case 'maxProperties':
      return `must have at most ${plural(params.limit, 'property')}`.replace('propertys', 'properties');
    default:
      return issue.message && !issue.message.includes('pattern') ? issue.message : 'is invalid';
  }
}

function describedFormat(schema: unknown): string {
  const description = (schema as SchemaObject | undefined)?.description;
  return typeof description === 'string' ? `is not in the expected format: ${description}` : 'is not in the expected format';
}

const ownMessage = (schema: unknown) => {
  const message = (schema as SchemaObject | undefined)?.[MESSAGE];
  return typeof message === 'string' ? message : undefined;
};

/** Which of several failed keywords of one schema says most about the value. */
const precedence = ['required', 'additionalProperties', 'type', 'enum', 'const', 'format', 'minLength', 'maxLength', 'pattern'];
const rank = (issue: Issue) => {
  const index = precedence.indexOf(issue.keyword);
  return index === -1 ? precedence.length : index;
};

/** The JSON Pointer of the field an issue is about (a missing or unknown property is its own field). */
function pathOf(issue: Issue): string {
  const params = issue.params as Record<string, unknown>;
  const property = params.missingProperty ?? params.additionalProperty;
  return `${issue.instancePath}${typeof property === 'string' ? `/${escapePointer(property)}` : ''}` || '/';
}

const escapePointer = (token: string) => token.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * Which alternative of `union` an issue comes from: its index, or for an alternative that is a
 * reference (whose issues ajv reports by the referenced schema's path, `Address/type`), that schema.
 */
function branchOf(issue: Issue, union: Issue): string {
  const inside = `${union.schemaPath}/`;
  return issue.schemaPath.startsWith(inside) ? (issue.schemaPath.slice(inside.length).split('/')[0] ?? '') : `ref:${issue.schemaPath.split('/')[0] ?? ''}`;
}

/**
 * The one message for a field from all its issues. Within a union (`anyOf`: money as an integer
 * or a string of digits, a date or that day at midnight, a value or null): the branch whose type
 * the value has is the one the caller meant, so its failure is the message; when none or several
 * have it, the union's own message (x-message) says what the field must be.
 */
function fieldMessage(issues: Issue[]): string {
  const union = issues.find((issue) => issue.keyword === 'anyOf');
  const branches = union ? issues.filter((issue) => issue !== union) : issues;
  if (union) {
    const ofType = new Map<string, Issue[]>();
    for (const issue of branches) {
      const branch = branchOf(issue, union);
      ofType.set(branch, [...(ofType.get(branch) ?? []), issue]);
    }
    const meant = [...ofType.values()].filter((failures) => failures.every((issue) => issue.keyword !== 'type'));
    const only = meant.length === 1 ? meant[0] : undefined;
    if (only) return fieldMessage(only);
    const message = ownMessage(union.parentSchema);
    if (message) return message;
    const typeIssues = branches.filter((issue) => issue.keyword === 'type');
    const types = [...new Set(typeIssues.flatMap((issue) => [(issue.params as { type: unknown }).type].flat()))];
    if (meant.length === 0 && types.length > 0) return `must be ${types.map(typeName).join(' or ')}`;
    return fieldMessage((meant[0] ?? branches).slice());
  }
  const [first] = [...issues].sort((a, b) => rank(a) - rank(b));
  if (!first) return 'is invalid';
  if (first.keyword === 'required' || first.keyword === 'additionalProperties') return keywordMessage(first);
  return ownMessage(first.parentSchema) ?? keywordMessage(first);
}

/**
 * One entry per field, in the order ajv met them: a union whose chosen branch failed deeper inside
 * (an address's country) is said there, not as the union's own failure.
 */
export function fieldErrors(issues: readonly Issue[]): FieldError[] {
  const byPath = new Map<string, Issue[]>();
  for (const issue of issues) {
    const path = pathOf(issue);
    const same = byPath.get(path);
    if (same) same.push(issue);
    else byPath.set(path, [issue]);
  }
  const errors: FieldError[] = [];
  for (const [path, pathIssues] of byPath) {
    const union = pathIssues.some((issue) => issue.keyword === 'anyOf');
    if (union && hasDeeper(byPath, path)) continue;
    errors.push({ path, message: fieldMessage(pathIssues) });
  }
  return errors;
}

function hasDeeper(byPath: Map<string, Issue[]>, path: string): boolean {
  const prefix = path === '/' ? '/' : `${path}/`;
  for (const other of byPath.keys()) if (other !== path && other.startsWith(prefix)) return true;
  return false;
}
