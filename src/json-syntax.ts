/**
 * Where a JSON text first goes wrong, for a 400 a person can act on: JSON.parse's own message
 * differs between Node versions, may quote the body back and often names no position. Run only
 * after JSON.parse has refused the text: one linear pass, iterative (no recursion to overflow).
 */
export interface JsonSyntaxError {
  /** 0-based offset in the text, in UTF-16 code units. */
  offset: number;
  line: number;
  column: number;
  /** What was found there, said for a person: `'}'`, `end of input`. */
  found: string;
  /** What JSON allows there. */
  expected: string;
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const LITERAL = /true|false|null/y;
const ESCAPE = /^\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/;

type Expecting = 'value' | 'key' | 'colon' | 'comma-or-end' | 'end-of-input' | 'value-or-end' | 'key-or-end' | 'string';

const expectations: Record<Expecting, string> = {
  value: 'a value',
  'value-or-end': "a value or ']'",
  key: 'a property name in double quotes',
  'key-or-end': "a property name in double quotes or '}'",
  colon: "':'",
  'comma-or-end': "',' or the end of the object or array",
  'end-of-input': 'nothing more',
  string: "a string's next character (control characters escaped, escapes such as \\n or \\u00e9) or its closing '\"'",
};

function describeFound(text: string, offset: number): string {
  if (offset >= text.length) return 'the end of the body';
  const character = String.fromCodePoint(text.codePointAt(offset) ?? 0);
  return /[\p{L}\p{N}\p{P}\p{S}]/u.test(character) ? `'${character}'` : `character U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

function positionOf(text: string, offset: number, expecting: Expecting): JsonSyntaxError {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < offset; index += 1) {
    if (text[index] === '\n') {
      line += 1;
      lineStart = index + 1;
    }
  }
  return { offset, line, column: offset - lineStart + 1, found: describeFound(text, offset), expected: expectations[expecting] };
}

type Scanned = { end: number } | { badAt: number; inString: boolean };

/** A number or literal (sticky `pattern`) at `offset`. */
function scanToken(pattern: RegExp, text: string, offset: number): Scanned {
  pattern.lastIndex = offset;
  return pattern.exec(text) ? { end: pattern.lastIndex } : { badAt: offset, inString: false };
}

/** A string at `offset` (its opening quote), character by character: no regex backtracking over 1 MiB. */
function scanString(text: string, offset: number): Scanned {
  let index = offset + 1;
  while (index < text.length) {
    const character = text.charCodeAt(index);
    if (character === 0x22) return { end: index + 1 };
    if (character < 0x20) return { badAt: index, inString: true };
    if (character === 0x5c) {
      const escape = ESCAPE.exec(text.slice(index, index + 6));
      if (!escape) return { badAt: index, inString: true };
      index += escape[0].length;
    } else index += 1;
  }
  return { badAt: index, inString: true };
}

/** The first syntax error of `text`, or undefined when it is well-formed JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const stack: ('object' | 'array')[] = [];
  let expecting: Expecting = 'value';
  let offset = 0;
  while (true) {
    while (offset < text.length && WHITESPACE.has(text[offset] as string)) offset += 1;
    const character = text[offset];
    if (character === undefined) return expecting === 'end-of-input' ? undefined : positionOf(text, offset, expecting);
    if (expecting === 'end-of-input') return positionOf(text, offset, expecting);
    if (expecting === 'colon') {
      if (character !== ':') return positionOf(text, offset, expecting);
      offset += 1;
      expecting = 'value';
      continue;
    }
    if (expecting === 'comma-or-end') {
      const container = stack[stack.length - 1];
      if (character === ',') {
        offset += 1;
        expecting = container === 'object' ? 'key' : 'value';
      } else if ((character === '}' && container === 'object') || (character === ']' && container === 'array')) {
        offset += 1;
        stack.pop();
        expecting = stack.length === 0 ? 'end-of-input' : 'comma-or-end';
      } else return positionOf(text, offset, expecting);
      continue;
    }
    if (expecting === 'key' || expecting === 'key-or-end') {
      if (character === '}' && expecting === 'key-or-end') {
        offset += 1;
        stack.pop();
        expecting = stack.length === 0 ? 'end-of-input' : 'comma-or-end';
        continue;
      }
      if (character !== '"') return positionOf(text, offset, expecting);
      const key = scanString(text, offset);
      if ('badAt' in key) return positionOf(text, key.badAt, 'string');
      offset = key.end;
      expecting = 'colon';
      continue;
    }
    // A value (or, right after '[', the array's end).
    if (character === ']' && expecting === 'value-or-end') {
      offset += 1;
      stack.pop();
      expecting = stack.length === 0 ? 'end-of-input' : 'comma-or-end';
      continue;
    }
    if (character === '{' || character === '[') {
      stack.push(character === '{' ? 'object' : 'array');
      offset += 1;
      expecting = character === '{' ? 'key-or-end' : 'value-or-end';
      continue;
    }
    const value =
      character === '"'
        ? scanString(text, offset)
        : scanToken(character === '-' || (character >= '0' && character <= '9') ? NUMBER : LITERAL, text, offset);
    if ('badAt' in value) return positionOf(text, value.badAt, value.inString ? 'string' : expecting);
    offset = value.end;
    expecting = stack.length === 0 ? 'end-of-input' : 'comma-or-end';
  }
}
