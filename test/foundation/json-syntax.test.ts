/** The JSON syntax locator agrees with JSON.parse on what is JSON, and says where the rest goes wrong. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError } from '../../src/json-syntax.js';

const parses = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe('findJsonSyntaxError', () => {
  it('finds nothing in any JSON text, pretty-printed or not', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
        expect(findJsonSyntaxError(JSON.stringify(value, null, pretty ? 2 : undefined))).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });

  it('finds an error, inside the text, exactly where JSON.parse refuses', () => {
    // JSON texts with one character dropped, changed or added: mostly broken, sometimes still JSON.
    const mutated = fc.tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', '\\', 'x', '\n', '\u0001')).map(([text, at, insert]) => {
      const index = at % (text.length + 1);
      return text.slice(0, index) + insert + text.slice(index + 1);
    });
    fc.assert(
      fc.property(mutated, (text) => {
        const error = findJsonSyntaxError(text);
        expect(error === undefined, text).toBe(parses(text));
        if (error) expect(error.offset).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 2_000 },
    );
  });

  it('counts lines and columns from 1', () => {
    expect(findJsonSyntaxError('{\n  "a": 1,\n  "b": }')).toMatchObject({ line: 3, column: 8, found: "'}'", expected: 'a value' });
    expect(findJsonSyntaxError('')).toMatchObject({ line: 1, column: 1, found: 'the end of the body' });
  });

  it('reads a 1 MiB string in linear time', () => {
    const started = performance.now();
    expect(findJsonSyntaxError(`["${'a'.repeat(1_048_576)}`)).toMatchObject({ offset: 1_048_578 });
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
