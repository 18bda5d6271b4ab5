import { type Static, Type } from '@sinclair/typebox';
import { Id, Nullable, Page, StringEnum, Text, Timestamp, ref } from './common.js';

export const apiKeyScopes = ['read', 'write'] as const;
export const ApiKeyScope = StringEnum(apiKeyScopes, {
  $id: 'ApiKeyScope',
  description: '`read`: GET only; `write`: every operation but managing API keys',
});
export type ApiKeyScope = Static<typeof ApiKeyScope>;

const name = Text(100, 'Your name for the key, e.g. the integration that uses it');
const expiresAt = Nullable({ ...Timestamp, description: 'When the key stops working; null: never' });

const apiKeyFields = {
  id: Id,
  name,
  scope: ref(ApiKeyScope),
  prefix: Type.String({ pattern: '^ik_[A-Za-z0-9_-]{8}$', description: '`ik_` and the next 8 characters of the key, to tell keys apart' }),
  createdAt: Timestamp,
  lastUsedAt: Nullable({ ...Timestamp, description: 'Last request made with the key (updated at most once a minute); null: never used' }),
  expiresAt,
};

export const ApiKey = Type.Object(apiKeyFields, {
  $id: 'ApiKey',
  additionalProperties: false,
  description: 'A key a program authenticates with (`Authorization: Bearer ik_…`) as the user who created it',
});
export type ApiKey = Static<typeof ApiKey>;

export const ApiKeyWithSecret = Type.Object(
  {
    ...apiKeyFields,
    key: Type.String({
      pattern: '^ik_[A-Za-z0-9_-]{43}$',
      description: 'The key (`ik_` + base64url of 32 random bytes): shown only here, the server keeps a hash of it',
    }),
  },
  { $id: 'ApiKeyWithSecret', additionalProperties: false, description: 'A new API key with its secret: keep it, it is not shown again' },
);
export type ApiKeyWithSecret = Static<typeof ApiKeyWithSecret>;

export const ApiKeyPage = Page(ref(ApiKey), 'ApiKeyPage', 'API keys');

export const CreateApiKeyBody = Type.Object(
  {
    name,
    scope: ref(ApiKeyScope),
    expiresAt: Type.Optional({ ...expiresAt, description: 'When the key stops working (in the future); omitted or null: never' }),
  },
  { $id: 'CreateApiKeyBody', additionalProperties: false },
);
export type CreateApiKeyBody = Static<typeof CreateApiKeyBody>;
