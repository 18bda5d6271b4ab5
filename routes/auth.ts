/**
 * `/api/v1/auth`: registration, login, refresh-token rotation and logout, and password reset
 * (routes/password-reset.ts). Public routes; the refresh token travels in the body or in an
 * HttpOnly cookie scoped to this prefix.
 */
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthSession, LoginBody, REFRESH_COOKIE, RefreshTokenBody, RegisterBody } from '../schemas/auth.js';
import { NoContent, jsonResponse, ref } from '../schemas/common.js';
import { type HeaderName, responseHeaders } from '../schemas/headers.js';
import { problems } from '../schemas/problems.js';
import { normaliseBodyEmail } from '../src/normalise-email.js';
import { createPasswordHasher } from '../src/services/passwords.js';
import {
  type IssuedSession,
  checkCredentials,
  hashRegistration,
  invalidRefreshToken,
  logIn,
  logOut,
  refreshSession,
  registerUser,
} from '../src/services/sessions.js';
import { authLimits, ipAndEmail } from './auth-limits.js';
import passwordResetRoutes from './password-reset.js';

const cookieNote =
  `Also sets the refresh token as the \`${REFRESH_COOKIE}\` cookie ` +
  '(HttpOnly; SameSite=Strict; Path=/api/v1/auth; Secure outside development; Max-Age = refresh lifetime).';
const presentedTokenNote =
  `The refresh token is taken from the body, or from the \`${REFRESH_COOKIE}\` cookie when the body ` +
  'is omitted or has no refreshToken.';

const sessionHeaders: HeaderName[] = ['Set-Cookie', 'Cache-Control'];
const badRefreshToken = { unauthorized: 'The refresh token is missing, unknown, expired or revoked' };

const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { config, unitOfWork } = app;
  const passwords = createPasswordHasher(config, app.passwordHashing);
  const refreshTtl = config.JWT_REFRESH_TTL;
  const cookieOptions: CookieSerializeOptions = {
    httpOnly: true,
    sameSite: 'strict',
    path: app.prefix,
    secure: config.NODE_ENV !== 'development',
  };
  const limits = authLimits(app);
  const strictRateLimit = limits.perKey(ipAndEmail('auth'));
  const { limitPerIp } = limits;

  function sendSession(reply: FastifyReply, { user, refreshToken }: IssuedSession) {
    // Tokens must never be kept by a cache (RFC 6749 §5.1).
    reply.header('cache-control', 'no-store');
    reply.setCookie(REFRESH_COOKIE, refreshToken, { ...cookieOptions, maxAge: config.JWT_REFRESH_TTL });
    return { user, accessToken: app.signAccessToken(user), refreshToken, expiresIn: config.JWT_ACCESS_TTL };
  }

  function presentedToken(body: RefreshTokenBody, request: FastifyRequest): string {
    const token = body.refreshToken ?? request.cookies[REFRESH_COOKIE];
    if (!token) throw invalidRefreshToken();
    return token;
  }

  app.post(
    '/register',
    {
      config: strictRateLimit,
      onRequest: limitPerIp,
      preValidation: normaliseBodyEmail,
      schema: {
        operationId: 'registerUser',
        summary: 'Create an account and sign in',
        description: `Returns the user with an access token and a refresh token. ${cookieNote}`,
        tags: ['auth'],
        body: ref(RegisterBody),
        response: {
          201: jsonResponse(ref(AuthSession), 'The new user, signed in', sessionHeaders),
          ...problems({
            email_taken: 'An account with this email already exists',
            service_unavailable: 'Too many password checks at once (the hashing queue is full), or the database is unreachable; retry later',
          }),
        },
      },
    },
    async (request, reply) => {
      const registration = await hashRegistration(passwords, request.body);
      const session = await unitOfWork.run((trx) => registerUser(trx, refreshTtl, registration));
      app.businessMetrics.userRegistered();
      return reply.code(201).send(sendSession(reply, session));
    },
  );

  app.post(
    '/login',
    {
      config: strictRateLimit,
      onRequest: limitPerIp,
      preValidation: normaliseBodyEmail,
      schema: {
        operationId: 'loginUser',
        summary: 'Sign in with email and password',
        description: `Starts a new refresh-token family. ${cookieNote}`,
        tags: ['auth'],
        body: ref(LoginBody),
        response: {
          200: jsonResponse(ref(AuthSession), 'The user, signed in', sessionHeaders),
          ...problems({
            invalid_credentials: 'The email or the password is wrong (the same answer for both)',
            service_unavailable: 'Too many password checks at once (the hashing queue is full), or the database is unreachable; retry later',
          }),
        },
      },
    },
    async (request, reply) => {
      const credentials = await checkCredentials(app.db, passwords, request.body);
      return sendSession(reply, await unitOfWork.run((trx) => logIn(trx, refreshTtl, credentials)));
    },
  );

  app.post(
    '/refresh',
    {
      schema: {
        operationId: 'refreshTokens',
        summary: 'Exchange a refresh token for a new token pair',
        description:
          `${presentedTokenNote} The presented token is revoked and a successor issued in its family. ` +
          'Presenting an already rotated (revoked) token is treated as theft: its whole family is revoked, ' +
          `including the newest token, and the answer is 401. ${cookieNote}`,
        tags: ['auth'],
        body: ref(RefreshTokenBody),
        response: {
          200: jsonResponse(ref(AuthSession), 'The user with a new token pair', sessionHeaders),
          ...problems(badRefreshToken),
        },
      },
    },
    async (request, reply) => {
      const token = presentedToken(request.body, request);
      // A refused token may have revoked its family: that commits, then the 401.
      const session = await unitOfWork.run((trx) => refreshSession(trx, refreshTtl, token));
      if (!session) throw invalidRefreshToken();
      return sendSession(reply, session);
    },
  );

  app.post(
    '/logout',
    {
      schema: {
        operationId: 'logoutUser',
        summary: 'Revoke the refresh token family of this session',
        description:
          `${presentedTokenNote} Revokes every refresh token descended from the same login and clears the ` +
          `\`${REFRESH_COOKIE}\` cookie. Access tokens stay valid until they expire.`,
        tags: ['auth'],
        body: ref(RefreshTokenBody),
        response: {
          204: { ...NoContent, headers: responseHeaders('Set-Cookie') },
          ...problems(badRefreshToken),
        },
      },
    },
    async (request, reply) => {
      const token = presentedToken(request.body, request);
      if (!(await unitOfWork.run((trx) => logOut(trx, token)))) throw invalidRefreshToken();
      return reply.clearCookie(REFRESH_COOKIE, cookieOptions).code(204).send(null);
    },
  );

  await app.register(passwordResetRoutes, { limits, passwords });
};

export default authRoutes;
