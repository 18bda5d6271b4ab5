import { type Static, Type } from '@sinclair/typebox';
import { Email, Id, NOT_BLANK, Nullable, Page, StringEnum, Timestamp, ref } from './common.js';

export const roles = ['user', 'admin'] as const;
export const Role = StringEnum(roles, { $id: 'Role', description: 'Access role' });
export type Role = Static<typeof Role>;

export const UserName = Type.String({ minLength: 1, maxLength: 200, pattern: NOT_BLANK, description: 'Display name (not whitespace only)' });

export const User = Type.Object(
  {
    id: Id,
    email: Email,
    name: Nullable(UserName),
    role: ref(Role),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'User', additionalProperties: false, description: 'A user account; never carries a password hash' },
);
export type User = Static<typeof User>;

export const UserPage = Page(ref(User), 'UserPage', 'users');

/** An email in a request body: the server trims and lower-cases it before validating it. */
export const EmailInput = Type.String({
  ...Email,
  description: 'Trimmed and lower-cased by the server, then must be a valid address of at most 254 characters',
});

export const NewPassword = Type.String({ minLength: 12, maxLength: 128, description: '12–128 characters' });

/** A password being checked, not set: any non-empty string up to the longest one we store. */
export const PresentedPassword = Type.String({ minLength: 1, maxLength: 128 });

export const UpdateCurrentUserBody = Type.Object(
  {
    name: Type.Optional(Nullable(UserName)),
    email: Type.Optional(EmailInput),
    password: Type.Optional(NewPassword),
    currentPassword: Type.Optional({
      ...PresentedPassword,
      description: 'Required (and checked) when changing email or password',
    }),
  },
  {
    $id: 'UpdateCurrentUserBody',
    additionalProperties: false,
    description:
      'Only the properties sent change; `name: null` clears the name. Changing email or password needs ' +
      '`currentPassword`; a password change revokes every refresh token of the user. An empty object changes ' +
      'nothing and returns the user. `role` is not writable.',
  },
);
export type UpdateCurrentUserBody = Static<typeof UpdateCurrentUserBody>;
