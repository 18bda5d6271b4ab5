import { type Static, Type } from '@sinclair/typebox';
import { Email, Id, Nullable, Page, Timestamp, ref } from './common.js';

export const Role = Type.Union([Type.Literal('user'), Type.Literal('admin')], { description: 'Access role' });
export type Role = Static<typeof Role>;

export const User = Type.Object(
  {
    id: Id,
    email: Email,
    name: Nullable(Type.String({ maxLength: 200 })),
    role: Role,
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'User', additionalProperties: false },
);
export type User = Static<typeof User>;

export const UserPage = Page(ref(User), 'UserPage');
