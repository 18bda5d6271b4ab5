/**
 * Seeds the benchmark database by SQL, consistent with the API's rules: items priced as
 * src/domain/money.ts prices them (half away from zero), invoice sums and tax breakdown from the
 * items, numbers only on issued invoices, balances within the CHECKs, a payment row behind every
 * amount paid, seller/buyer snapshots on issued invoices. An invoice's lines follow from its
 * position and its user's price list, so the few hundred possible sets of lines are priced once
 * (seed_prices, seed_totals) and a million rows are copied, not computed. Every user has the same
 * password: one argon2 hash (and one bcrypt hash in the conventional server's own table), and one
 * API key (bench/tokens.ts), stored as the API stores keys.
 */
import bcrypt from 'bcrypt';
import pg from 'pg';
import { createDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrations.js';
import { loadConfig } from '../base/config.js';
import { apiKeyPrefix, hashApiKey } from '../src/services/api-keys.js';
import { createPasswordHasher } from '../src/services/passwords.js';
import { withoutIndexes } from './bulk-load.js';
import { benchApiKey } from './tokens.js';
import { BENCH_JWT_SECRET, BENCH_PASSWORD, type Volume } from './volume.js';

type Statement = [text: string, values?: unknown[]];

const PRICE_LISTS = 5;
const CATALOGUE_SIZE = 8;
/** Line `position` of invoice number `j` sells catalogue entry (3 × position + j) mod 8. */
const catalogueEntry = (position: string, j: string) => `(${position} * 3 + ${j}) % ${CATALOGUE_SIZE}`;

const pricing: Statement[] = [
  [`create temp table seed_catalogue (k, description, unit_code, quantity, base_price, tax_rate) as values
      (0, 'Consulting, senior engineer', 'HUR', 7.5::numeric(10, 3), 12000, 19::numeric(7, 4)),
      (1, 'Software licence, annual', 'C62', 1, 249900, 19),
      (2, 'Travel expenses (zero rated)', 'C62', 1, 18450, 0),
      (3, 'Printed manuals', 'C62', 25, 1290, 7),
      (4, 'Support retainer', 'DAY', 2.5, 80000, 19),
      (5, 'Cloud hosting, monthly', 'MON', 3, 4999, 19),
      (6, 'Reference books', 'C62', 4, 2495, 7),
      (7, 'Training workshop', 'DAY', 0.5, 150000, 19)`],
  // Price list v charges 5·v % more; each line priced once: round(quantity × price), round(subtotal × rate / 100).
  [`create temp table seed_prices as
    select k, v, description, unit_code, quantity, unit_price, tax_rate,
      case when tax_rate > 0 then 'S' else 'Z' end as tax_category, subtotal, tax, subtotal + tax as total
    from seed_catalogue cross join generate_series(0, ${PRICE_LISTS - 1}) v
    cross join lateral (select base_price * (100 + 5 * v) / 100 as unit_price) p
    cross join lateral (select round(quantity * unit_price)::bigint as subtotal) s
    cross join lateral (select round(subtotal * tax_rate / 100)::bigint as tax) t`],
  // Sums and breakdown of every (price list, j mod 8, item count) an invoice can have.
  [`create temp table seed_totals as
    select v, j8, item_count, sum(taxable)::bigint as subtotal, sum(tax_amount)::bigint as tax,
      jsonb_agg(jsonb_build_object('taxCategory', tax_category, 'taxRate', tax_rate::float8,
        'taxableAmount', taxable, 'taxAmount', tax_amount) order by tax_category collate "C", tax_rate) as tax_breakdown
    from (select d.v, j8, item_count, d.tax_category, d.tax_rate, sum(d.subtotal) as taxable, sum(d.tax) as tax_amount
          from generate_series(0, ${CATALOGUE_SIZE - 1}) j8
          cross join generate_series(1, 10) item_count
          cross join lateral generate_series(0, item_count - 1) p
          join seed_prices d on d.k = ${catalogueEntry('p', 'j8')}
          group by 1, 2, 3, 4, 5) rates
    group by 1, 2, 3`],
];

function people(volume: Volume, argon2Hash: string): Statement[] {
  return [
    [`create temp table seed_users as select n, gen_random_uuid() as id, n % ${PRICE_LISTS} as v,
        now() - interval '800 days' + n * interval '1 minute' as created_at from generate_series(1, $1) n`, [volume.users]],
    [`insert into users (id, email, name, password_hash, created_at, updated_at)
      select id, 'user' || n || '@bench.test', 'Bench user ' || n, $1, created_at, created_at from seed_users`, [argon2Hash]],
    [`insert into business_profiles (user_id, legal_name, address, vat_id, email, bank_account)
      select id, 'Bench Seller ' || n || ' GmbH',
        jsonb_build_object('line1', 'Hauptstraße ' || n, 'city', 'Berlin', 'postalCode', '10115', 'country', 'DE'),
        'DE' || lpad(n::text, 9, '0'), 'billing@seller' || n || '.test',
        '{"iban": "DE89370400440532013000", "bic": "COBADEFFXXX"}'::jsonb
      from seed_users`],
    [`create temp table seed_clients as
      select u.id as user_id, u.n, k, gen_random_uuid() as id from seed_users u cross join generate_series(1, $1) k`, [volume.clientsPerUser]],
    [`insert into clients (id, user_id, kind, company_name, contact_name, email, address, tax_id, currency, created_at, updated_at)
      select id, user_id, 'customer', 'Client ' || k || ' of seller ' || n || ' Ltd', 'Accounts ' || k,
        'ap' || k || '@client' || n || '.test',
        jsonb_build_object('line1', k || ' Market Street', 'city', 'Dublin', 'postalCode', 'D02 X285', 'country', 'IE'),
        'IE' || lpad((n * 100 + k)::text, 8, '0'), 'EUR', now() - interval '790 days', now() - interval '790 days'
      from seed_clients`],
    // The snapshots an issued invoice freezes (as publishing writes them: every field, absent ones null).
    [`create temp table seed_sellers as
      select user_id, jsonb_build_object('legalName', legal_name, 'tradingName', null,
        'address', address || '{"line2": null, "region": null}', 'vatId', vat_id, 'legalId', null, 'legalIdScheme', null,
        'contactName', null, 'email', email, 'phone', null, 'electronicAddress', null, 'bankAccount', bank_account || '{"accountName": null}') as seller
      from business_profiles`],
    [`create temp table seed_buyers as
      select id as client_id, jsonb_build_object('name', company_name, 'contactName', contact_name, 'email', email,
        'address', address || '{"line2": null, "region": null}', 'vatId', tax_id, 'electronicAddress', null) as buyer
      from clients`],
  ];
}

/** Invoices created over the last two years, spread over each user's clients, 1–10 items each. */
function invoices(volume: Volume): Statement[] {
  return [
    [`create temp table seed_invoices as
      select gen_random_uuid() as id, u.id as user_id, u.v, c.id as client_id, j,
        1 + floor(random() * 10)::int as item_count, floor(random() * 100)::int as bucket,
        date_trunc('milliseconds', now() - interval '730 days' * (1 - j::float8 / counts.total) - random() * interval '1 hour') as created_at
      from seed_users u
      cross join lateral (select case when u.n <= $1 then $2::int when u.n - $1 <= cardinality($5::int[]) then ($5::int[])[u.n - $1]
        else $3::int end as total) counts
      cross join lateral generate_series(1, counts.total) j
      join seed_clients c on c.user_id = u.id and c.k = (j - 1) % $4 + 1
      order by created_at`, [volume.deepUsers, volume.invoicesPerDeepUser, volume.invoicesPerUser, volume.clientsPerUser, volume.largeUsers ?? []]],
    [`insert into invoice_items (invoice_id, position, description, quantity, unit_code, unit_price, tax_category, tax_rate,
        subtotal, tax, total)
      select i.id, p, d.description, d.quantity, d.unit_code, d.unit_price, d.tax_category, d.tax_rate, d.subtotal, d.tax, d.total
      from seed_invoices i
      cross join lateral generate_series(0, i.item_count - 1) p
      join seed_prices d on d.v = i.v and d.k = ${catalogueEntry('p', 'i.j')}`],
    // 10 % draft, 10 % published, 25 % sent, 40 % paid, 7 % void, 8 % uncollectible; half the published and sent part-paid.
    [`insert into invoices (id, user_id, client_id, number, status, currency, issue_date, due_date, subtotal, tax, total,
        amount_paid, tax_breakdown, seller, buyer, published_at, sent_at, paid_at, voided_at, marked_uncollectible_at,
        hosted_token, created_at, updated_at)
      select i.id, i.user_id, i.client_id,
        case when issued then 'INV-' || lpad(row_number() over (partition by i.user_id, issued order by i.j)::text, 6, '0') end,
        st.status, 'EUR', i.created_at::date, i.created_at::date + 30, t.subtotal, t.tax, t.subtotal + t.tax,
        case when st.status = 'paid' then t.subtotal + t.tax
             when st.status in ('published', 'sent') and i.bucket % 2 = 1 then round((t.subtotal + t.tax) * 0.3)::bigint
             else 0 end,
        t.tax_breakdown,
        case when issued then s.seller end,
        case when issued then b.buyer end,
        case when issued then at.published end,
        case when st.status not in ('draft', 'published') then at.sent end,
        case when st.status = 'paid' then at.paid end,
        case when st.status = 'void' then at.voided end,
        case when st.status = 'uncollectible' then at.uncollectible end,
        -- An issued invoice's hosted link: 32 random bytes, base64url (43 characters), as the API makes them.
        case when issued then translate(encode(uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()), 'base64'), '+/=', '-_') end,
        i.created_at,
        case st.status when 'draft' then i.created_at when 'published' then at.published when 'sent' then at.sent
          when 'paid' then at.paid when 'void' then at.voided else at.uncollectible end
      from seed_invoices i
      join seed_totals t on t.v = i.v and t.j8 = i.j % ${CATALOGUE_SIZE} and t.item_count = i.item_count
      join seed_sellers s on s.user_id = i.user_id
      join seed_buyers b on b.client_id = i.client_id
      cross join lateral (select case when i.bucket < 10 then 'draft' when i.bucket < 20 then 'published'
        when i.bucket < 45 then 'sent' when i.bucket < 85 then 'paid' when i.bucket < 92 then 'void'
        else 'uncollectible' end as status) st
      cross join lateral (select st.status <> 'draft' as issued) iss
      cross join lateral (select least(i.created_at + interval '1 hour', now()) as published,
        least(i.created_at + interval '2 hours', now()) as sent, least(i.created_at + interval '12 days', now()) as paid,
        least(i.created_at + interval '20 days', now()) as voided,
        least(i.created_at + interval '90 days', now()) as uncollectible) at
      order by i.created_at`],
    [`insert into payments (user_id, invoice_id, amount, method, paid_at, reference, created_at)
      select user_id, id, amount_paid, 'bank_transfer', coalesce(paid_at, sent_at, published_at), 'Transfer ' || number,
        coalesce(paid_at, sent_at, published_at) from invoices where amount_paid > 0 order by created_at`],
    [`insert into invoice_number_counters (user_id, last_number)
      select user_id, count(*) from invoices where number is not null group by user_id`],
  ];
}

/** One write key per user, named and hashed as POST /api-keys would store it. */
async function apiKeys(client: pg.Client): Promise<Statement[]> {
  const ids = (await client.query<{ id: string }>('select id from users')).rows.map(({ id }) => id);
  const keys = ids.map(benchApiKey);
  return [
    [
      `insert into api_keys (user_id, name, scope, prefix, key_hash)
      select user_id, 'Bench integration', 'write', prefix, key_hash from unnest($1::uuid[], $2::text[], $3::text[]) k (user_id, prefix, key_hash)`,
      [ids, keys.map(apiKeyPrefix), keys.map(hashApiKey)],
    ],
  ];
}

const conventionalPasswords = (bcryptHash: string): Statement[] => [
  ['create table conventional_passwords (user_id uuid primary key references users (id), password_hash text not null)'],
  ['insert into conventional_passwords select id, $1 from users', [bcryptHash]],
];

/** The argon2id hash the API would store for BENCH_PASSWORD at its production cost. */
async function apiPasswordHash(): Promise<string> {
  const { config } = loadConfig({ NODE_ENV: 'production', JWT_ACCESS_SECRET: BENCH_JWT_SECRET });
  return createPasswordHasher(config, { run: (hash) => hash() }).hash(BENCH_PASSWORD);
}

/** What bench_volume records of a seed: the volume, and the seed's version (a database seeded by an older seed is not reused). */
export const seededVolume = (volume: Volume) => ({ ...volume, seedVersion: SEED_VERSION });
/** 2: issued invoices have hosted links; 3: every user has an API key. */
const SEED_VERSION = 3;

/** Migrates the (freshly created) database and fills it; returns how long the filling took, in seconds. */
export async function seed(databaseUrl: string, volume: Volume): Promise<number> {
  const { db } = createDatabase({ DATABASE_URL: databaseUrl, DATA_DIR: 'memory://', DB_POOL_MAX: 1, DB_STATEMENT_TIMEOUT_MS: 600_000 });
  await migrateToLatest(db);
  await db.destroy();
  const started = performance.now();
  const [argon2Hash, bcryptHash] = await Promise.all([apiPasswordHash(), bcrypt.hash(BENCH_PASSWORD, 10)]);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const run = async (statements: Statement[]) => {
    for (const [text, values] of statements) await client.query(text, values);
  };
  try {
    await run([["set work_mem = '256MB'"], ["set maintenance_work_mem = '256MB'"], ["set temp_buffers = '256MB'"]]);
    await withoutIndexes(client, ['clients', 'invoices', 'invoice_items', 'payments'], () =>
      run([...pricing, ...people(volume, argon2Hash), ...invoices(volume)]),
    );
    await run([
      ...(await apiKeys(client)),
      ...conventionalPasswords(bcryptHash),
      ['create table bench_volume (volume jsonb not null)'],
      ['insert into bench_volume values ($1)', [JSON.stringify(seededVolume(volume))]],
      ['vacuum (analyze)'],
    ]);
  } finally {
    await client.end();
  }
  return (performance.now() - started) / 1000;
}
