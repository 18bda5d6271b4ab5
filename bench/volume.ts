/** How much data a benchmark seeds, and the fixed names every part of the harness shares. */

export interface Volume {
  users: number;
  clientsPerUser: number;
  invoicesPerUser: number;
  /** The first `deepUsers` users get `invoicesPerDeepUser` invoices, so a page `deepOffset` rows deep exists. */
  deepUsers: number;
  invoicesPerDeepUser: number;
  deepOffset: number;
  /** Invoices of the users right after the deep ones, one count each (the reports benchmark's big accounts). */
  largeUsers?: number[];
}

/** 1,000 users × 20 clients × 200 invoices (≈ 1.2 M items with the deep accounts). */
export const fullVolume: Volume = {
  users: 1_000,
  clientsPerUser: 20,
  invoicesPerUser: 200,
  deepUsers: 5,
  invoicesPerDeepUser: 5_200,
  deepOffset: 5_000,
};

export const smokeVolume: Volume = {
  users: 20,
  clientsPerUser: 3,
  invoicesPerUser: 20,
  deepUsers: 2,
  invoicesPerDeepUser: 80,
  deepOffset: 50,
};

/**
 * The reports benchmark (`npm run bench -- --reports`): user 1 holds 200,000 invoices (the export),
 * user 2 50,000 (the report plans), beside 300 ordinary accounts.
 */
export const reportsVolume: Volume = {
  users: 302,
  clientsPerUser: 20,
  invoicesPerUser: 200,
  deepUsers: 0,
  invoicesPerDeepUser: 0,
  deepOffset: 0,
  largeUsers: [200_000, 50_000],
};

/** The recurring generation benchmark (`npm run bench -- --recurring`): 1,000 users to give a schedule each, a little history. */
export const recurringVolume: Volume = {
  users: 1_000,
  clientsPerUser: 2,
  invoicesPerUser: 20,
  deepUsers: 0,
  invoicesPerDeepUser: 0,
  deepOffset: 0,
};

/** The email batch benchmark (`npm run bench -- --emails`): a quarter of the invoices are sent, so about 1,500 to email. */
export const emailsVolume: Volume = {
  users: 300,
  clientsPerUser: 2,
  invoicesPerUser: 20,
  deepUsers: 0,
  invoicesPerDeepUser: 0,
  deepOffset: 0,
};

/** Every seeded user's password (the API's minimum is 12 characters). */
export const BENCH_PASSWORD = 'bench-password-123';
export const BENCH_JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0123456789';
export const JWT_ISSUER = 'invoice-generator-pro';
export const JWT_AUDIENCE = 'invoice-generator-pro-api';

export const benchEmail = (n: number) => `user${n}@bench.test`;

/** Payments of this amount go to invoices owing at least PAYABLE_DUE, so none is ever paid off mid-run. */
export const PAYMENT_AMOUNT = 100;
export const PAYABLE_DUE = 100_000;
