import { type Static, Type } from '@sinclair/typebox';
import { MESSAGE, Nullable, ref } from './common.js';
import { EmailInput, NewPassword, PresentedPassword, User, UserName } from './users.js';

export const REFRESH_COOKIE = 'refresh_token';

export const RegisterBody = Type.Object(
  { email: EmailInput, password: NewPassword, name: Type.Optional(Nullable(UserName)) },
  { $id: 'RegisterBody', additionalProperties: false },
);
export type RegisterBody = Static<typeof RegisterBody>;

export const LoginBody = Type.Object(
  { email: EmailInput, password: PresentedPassword },
  { $id: 'LoginBody', additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const PasswordResetBody = Type.Object(
  { email: EmailInput },
  { $id: 'PasswordResetBody', additionalProperties: false, description: 'The email of the account whose password is forgotten' },
);
export type PasswordResetBody = Static<typeof PasswordResetBody>;

export const PasswordResetConfirmBody = Type.Object(
  {
    token: Type.String({
      pattern: '^[A-Za-z0-9_-]{43}$',
      description: 'The `token` parameter of the emailed link (43 base64url characters)',
      [MESSAGE]: 'must be the token of the emailed link (43 letters, digits, - or _)',
    }),
    password: NewPassword,
  },
  { $id: 'PasswordResetConfirmBody', additionalProperties: false, description: 'The emailed token and the new password' },
);
export type PasswordResetConfirmBody = Static<typeof PasswordResetConfirmBody>;

const RefreshToken = Type.String({ minLength: 1, maxLength: 512, description: 'Opaque refresh token' });

/** Refresh and logout take the token in the body or, when the body is omitted, from the cookie. */
export const RefreshTokenBody = Type.Object(
  { refreshToken: Type.Optional(RefreshToken) },
  {
    $id: 'RefreshTokenBody',
    additionalProperties: false,
    description: `Optional: without a body (or without refreshToken) the ${REFRESH_COOKIE} cookie is used`,
  },
);
export type RefreshTokenBody = Static<typeof RefreshTokenBody>;

export const AuthSession = Type.Object(
  {
    user: ref(User),
    accessToken: Type.String({ description: 'JWT (HS256) for `Authorization: Bearer …`' }),
    refreshToken: { ...RefreshToken, description: `Opaque refresh token, also set as the ${REFRESH_COOKIE} cookie` },
    expiresIn: Type.Integer({ minimum: 1, description: 'Access token lifetime in seconds' }),
  },
  {
    $id: 'AuthSession',
    additionalProperties: false,
    description: 'The signed-in user with a new access token and refresh token',
  },
);
export type AuthSession = Static<typeof AuthSession>;
