/**
 * Hot queries built and compiled once per shape instead of on every call. The builder runs once
 * with placeholder values; each call runs the same SQL with its own values. On PostgreSQL that
 * SQL is also a named prepared statement (see `preparedStatements`), parsed and planned once per
 * connection. The builder may branch on whether a value is given (an optional filter), never on
 * what it is: each set of given values is one compiled query, and the values only fill parameters.
 */
import { createHash } from 'node:crypto';
import {
  type Compilable,
  type CompiledQuery,
  createQueryId,
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
} from 'kysely';
import type pg from 'pg';
import type { Executor } from './database.js';
import type { DB } from './types.js';

class Placeholder {
  constructor(readonly key: string) {}
}

/** Builds and compiles queries without a connection; both database modes compile like PostgreSQL. */
const compiler = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

/** SQL text → the name of its prepared statement. */
const statementNames = new Map<string, string>();

interface Compiled<O> {
  query: CompiledQuery<O>;
  /** For each parameter, the value key it is filled from, or null for a constant. */
  slots: (string | null)[];
}

export function compiledQuery<V extends object, O>(name: string, build: (db: Kysely<DB>, values: V) => Compilable<O>) {
  const shapes = new Map<string, Compiled<O>>();

  function compile(keys: string[]): Compiled<O> {
    const placeholders = Object.fromEntries(keys.map((key) => [key, new Placeholder(key)])) as unknown as V;
    const query = build(compiler, placeholders).compile();
    const slots = query.parameters.map((parameter) => (parameter instanceof Placeholder ? parameter.key : null));
    const digest = createHash('sha256').update(query.sql).digest('hex').slice(0, 12);
    statementNames.set(query.sql, `${name}_${digest}`);
    return { query, slots };
  }

  return async (executor: Executor, values: V): Promise<O[]> => {
    const given = values as Record<string, unknown>;
    const keys = Object.keys(given).filter((key) => given[key] !== undefined);
    const shape = keys.join(',');
    let compiled = shapes.get(shape);
    if (!compiled) {
      compiled = compile(keys);
      shapes.set(shape, compiled);
    }
    const { query, slots } = compiled;
    const parameters = slots.map((key, index) => (key === null ? query.parameters[index] : given[key]));
    const result = await executor.executeQuery<O>({ ...query, parameters, queryId: createQueryId() });
    return result.rows;
  };
}

/**
 * Makes a pg client run the compiled queries as named prepared statements. Every other query
 * (built per call, with any number of shapes) stays unnamed, so a connection prepares a bounded set.
 */
export function preparedStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((...args: unknown[]) => {
    const [text, values] = args;
    const name = args.length === 2 && typeof text === 'string' ? statementNames.get(text) : undefined;
    return name ? query({ name, text, values }) : query(...args);
  }) as typeof client.query;
}
