/**
 * The query-string parser: Node's, plus one level of brackets, so that `metadata[key]=value` (an
 * OpenAPI `deepObject` parameter) arrives as `{ metadata: { key: 'value' } }` for the route's
 * schema to validate. Objects have no prototype, so no key (`__proto__`) reaches one.
 */
import { parse } from 'node:querystring';

const bracketed = /^([^[\]]+)\[([^[\]]*)\]$/;

type Parsed = Record<string, unknown>;

export function parseQueryString(query: string): Parsed {
  const flat = parse(query);
  const result: Parsed = Object.create(null) as Parsed;
  for (const [name, value] of Object.entries(flat)) {
    const match = bracketed.exec(name);
    if (!match) {
      result[name] = name in result ? [result[name], value].flat() : value;
      continue;
    }
    const [, outer = '', inner = ''] = match;
    const existing = result[outer];
    if (existing === undefined) {
      result[outer] = Object.assign(Object.create(null) as Parsed, { [inner]: value });
    } else if (typeof existing === 'object' && !Array.isArray(existing)) {
      (existing as Parsed)[inner] = value;
    } else {
      // Both `name=…` and `name[key]=…`: neither shape alone, so the route's schema refuses it (400).
      result[outer] = [existing, { [inner]: value }].flat();
    }
  }
  return result;
}
