/** `/api/v1/users`: the signed-in user's own account and, for admins, the list of all users. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PageQuery, ref } from '../schemas/common.js';
import { problems } from '../schemas/problems.js';
import { UpdateCurrentUserBody, User, UserPage } from '../schemas/users.js';
import { normaliseBodyEmail } from '../src/normalise-email.js';
import { getCurrentUser, hashNewPassword, updateCurrentUser } from '../src/services/current-user.js';
import { createPasswordHasher } from '../src/services/passwords.js';
import { listUsers } from '../src/services/users.js';
import { requireAuthentication, requireRole } from '../plugins/auth.js';

const usersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  requireAuthentication(app);
  const passwords = createPasswordHasher(app.config, app.passwordHashing);

  app.get(
    '/me',
    {
      schema: {
        operationId: 'getCurrentUser',
        summary: 'The signed-in user',
        tags: ['users'],
        response: { 200: ref(User) },
      },
    },
    async (request) => getCurrentUser(app.db, request.user.id),
  );

  app.patch(
    '/me',
    {
      preValidation: normaliseBodyEmail,
      schema: {
        operationId: 'updateCurrentUser',
        summary: 'Change the signed-in user’s name, email or password',
        tags: ['users'],
        body: ref(UpdateCurrentUserBody),
        response: {
          200: ref(User),
          ...problems({
            forbidden: 'Changing email or password without the correct currentPassword',
            email_taken: 'Another account has this email',
            service_unavailable: 'Too many password checks at once (the hashing queue is full), or the database is unreachable; retry later',
          }),
        },
      },
    },
    async (request) => {
      const changes = await hashNewPassword(passwords, request.body);
      return app.unitOfWork.run((trx) => updateCurrentUser(trx, passwords, request.user.id, changes));
    },
  );

  app.get(
    '/',
    {
      onRequest: requireRole('admin'),
      schema: {
        operationId: 'listUsers',
        summary: 'All users, newest first (admins only)',
        tags: ['users'],
        querystring: PageQuery,
        response: { 200: ref(UserPage), ...problems({ forbidden: 'The signed-in user is not an admin' }) },
      },
    },
    async (request) => listUsers(app.db, request.query),
  );
};

export default usersRoutes;
