/**
 * What a user would otherwise build: the same endpoints as a typical team writes them with
 * Express, Joi (params, query and bodies), jsonwebtoken, bcrypt, winston (a JSON line per request)
 * and pg (bench/conventional-store.ts), answering the same JSON as the API. Used by `npm run bench`.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import Joi from 'joi';
import jwt from 'jsonwebtoken';
import winston from 'winston';
import { HttpError, createInvoice, etagOf, findInvoice, listInvoices, logIn, pool, recordPayment } from './conventional-store.js';
import { JWT_AUDIENCE, JWT_ISSUER } from './volume.js';

const secret = process.env.JWT_ACCESS_SECRET ?? '';
const ACCESS_TTL_SECONDS = 900;
const logger = winston.createLogger({ level: 'info', format: winston.format.json(), transports: [new winston.transports.Console()] });

const id = Joi.string().uuid().required();
const schemas = {
  idParams: Joi.object({ id }),
  listQuery: Joi.object({ limit: Joi.number().integer().min(1).max(100).default(20), cursor: Joi.string().max(512) }),
  login: Joi.object({ email: Joi.string().email({ tlds: { allow: false } }).required(), password: Joi.string().max(128).required() }),
  invoice: Joi.object({
    clientId: id,
    issueDate: Joi.string().isoDate(),
    dueDate: Joi.string().isoDate().required(),
    notes: Joi.string().max(2000),
    items: Joi.array()
      .max(200)
      .items(
        Joi.object({
          description: Joi.string().min(1).max(500).required(),
          quantity: Joi.number().positive().max(1_000_000).precision(3).required(),
          unitCode: Joi.string().pattern(/^[A-Z0-9]{2,3}$/),
          unitPrice: Joi.number().integer().min(0).required(),
          taxCategory: Joi.string().valid('S', 'Z', 'E', 'AE', 'K', 'G', 'O'),
          taxRate: Joi.number().min(0).max(100).precision(4),
        }),
      )
      .default([]),
  }),
  payment: Joi.object({
    amount: Joi.number().integer().min(1).required(),
    method: Joi.string().valid('card', 'bank_transfer', 'cash', 'check', 'other').required(),
    paidAt: Joi.date().iso(),
    reference: Joi.string().min(1).max(200),
  }),
};

function validate<T>(schema: Joi.Schema, value: unknown): T {
  const { error, value: valid } = schema.validate(value, { abortEarly: false });
  if (error) throw new HttpError(400, 'validation_failed');
  return valid as T;
}

interface AuthenticatedRequest extends Request {
  userId?: string;
}

function authenticate(request: AuthenticatedRequest, _response: Response, next: NextFunction) {
  const header = request.headers.authorization;
  try {
    if (!header?.startsWith('Bearer ')) throw new Error('no token');
    const claims = jwt.verify(header.slice(7), secret, { algorithms: ['HS256'], issuer: JWT_ISSUER, audience: JWT_AUDIENCE });
    if (typeof claims === 'string' || !claims.sub) throw new Error('no subject');
    request.userId = claims.sub;
    next();
  } catch {
    next(new HttpError(401, 'unauthorized'));
  }
}

const userOf = (request: AuthenticatedRequest) => request.userId as string;

const app = express();
app.use(express.json({ limit: '1mb' }));
app.use((request, response, next) => {
  const started = process.hrtime.bigint();
  response.on('finish', () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    logger.info('request', { method: request.method, url: request.originalUrl, status: response.statusCode, ms });
  });
  next();
});

app.get('/health/live', (_request, response) => {
  response.json({ status: 'ok' });
});

app.post('/api/v1/auth/login', async (request, response) => {
  const { email, password } = validate<{ email: string; password: string }>(schemas.login, request.body);
  const { user, refreshToken } = await logIn(email, password);
  const accessToken = jwt.sign({ sub: user.id, role: user.role }, secret, {
    algorithm: 'HS256',
    expiresIn: ACCESS_TTL_SECONDS,
    issuer: JWT_ISSUER,
    audience: JWT_AUDIENCE,
  });
  response.cookie('refresh_token', refreshToken, { httpOnly: true, sameSite: 'strict', secure: true, path: '/api/v1/auth' });
  response.set('cache-control', 'no-store').json({ user, accessToken, refreshToken, expiresIn: ACCESS_TTL_SECONDS });
});

const invoices = express.Router();
invoices.use(authenticate);

invoices.get('/', async (request: AuthenticatedRequest, response) => {
  const { limit, cursor } = validate<{ limit: number; cursor?: string }>(schemas.listQuery, request.query);
  let after: { createdAt: string; id: string } | undefined;
  if (cursor) {
    try {
      const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [string, string];
      after = validate(Joi.object({ createdAt: Joi.string().isoDate().required(), id }), { createdAt, id });
    } catch {
      throw new HttpError(400, 'validation_failed');
    }
  }
  response.json(await listInvoices(userOf(request), limit, after));
});

invoices.get('/:id', async (request: AuthenticatedRequest, response) => {
  const { id } = validate<{ id: string }>(schemas.idParams, request.params);
  const { row, invoice } = await findInvoice(userOf(request), id);
  response.set('etag', etagOf(row)).json(invoice);
});

invoices.post('/', async (request: AuthenticatedRequest, response) => {
  const { row, invoice } = await createInvoice(userOf(request), validate(schemas.invoice, request.body));
  response.status(201).location(`/api/v1/invoices/${row.id}`).set('etag', etagOf(row)).json(invoice);
});

invoices.post('/:id/payments', async (request: AuthenticatedRequest, response) => {
  const { id } = validate<{ id: string }>(schemas.idParams, request.params);
  const payment = await recordPayment(userOf(request), id, validate(schemas.payment, request.body));
  response.status(201).location(`/api/v1/payments/${payment.id}`).json(payment);
});

app.use('/api/v1/invoices', invoices);

app.use((error: unknown, _request: Request, response: Response, _next: NextFunction) => {
  const status = error instanceof HttpError ? error.status : 500;
  if (status === 500) logger.error('unhandled error', { error });
  response.status(status).json({ code: error instanceof HttpError ? error.code : 'internal' });
});

const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))));
