/**
 * `npm run user:role -- <email> <role>`: sets a user's role in the configured database. The
 * only way to make an admin: no HTTP route lets a user change a role.
 */
import { DataDirInUseError } from '../db/data-dir-lock.js';
import { createDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrations.js';
import { type Role, roles } from '../schemas/users.js';
import { ConfigError, loadConfigFromProcess } from '../base/config.js';
import { normaliseEmail } from '../src/normalise-email.js';
import { setUserRole } from '../src/services/users.js';

function exitWith(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

const isRole = (value: string): value is Role => (roles as readonly string[]).includes(value);

function loadConfigOrExit() {
  try {
    return loadConfigFromProcess().config;
  } catch (error) {
    if (error instanceof ConfigError) exitWith(`Configuration error: ${error.message}`, 1);
    throw error;
  }
}

const args = process.argv.slice(2);
const [rawEmail, role] = args;
if (args.length !== 2 || !rawEmail || !role) exitWith(`usage: npm run user:role -- <email> <${roles.join('|')}>`, 2);
if (!isRole(role)) exitWith(`Unknown role "${role}": use one of ${roles.join(', ')}`, 2);

const config = loadConfigOrExit();
const email = normaliseEmail(rawEmail);
function openDatabaseOrExit() {
  try {
    return createDatabase(config).db;
  } catch (error) {
    if (error instanceof DataDirInUseError) exitWith(error.message, 1);
    throw error;
  }
}

const db = openDatabaseOrExit();
let user;
try {
  await migrateToLatest(db);
  user = await db.transaction().execute((trx) => setUserRole(trx, email, role));
} finally {
  await db.destroy();
}
if (!user) exitWith(`No user with email ${email}`, 1);
console.log(`${user.email} (${user.id}) now has the role ${user.role}`);
