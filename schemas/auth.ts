import { type Static, Type } from '@sinclair/typebox';
import { Nullable, ref } from './common.js';
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
