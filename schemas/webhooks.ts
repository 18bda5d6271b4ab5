import { type Static, Type } from '@sinclair/typebox';
import { domainEventTypes } from './event-types.js';
import { Id, NOT_BLANK, Nullable, Page, Timestamp, StringEnum, ref } from './common.js';

export const WebhookEventFilter = StringEnum(['*', ...domainEventTypes], {
  $id: 'WebhookEventFilter',
  description: 'An event type, or `*` for every type',
});

const url = Type.String({
  format: 'uri',
  maxLength: 2048,
  description:
    'Where events are POSTed: https to a public address (plain http and private addresses only when the ' +
    'server sets WEBHOOK_ALLOW_PRIVATE_URLS); no credentials in the URL',
});
const events = Type.Array(ref(WebhookEventFilter), {
  minItems: 1,
  maxItems: domainEventTypes.length + 1,
  uniqueItems: true,
  description: 'The event types sent to this endpoint; `["*"]` for all',
});
const description = Nullable(Type.String({ minLength: 1, maxLength: 500, pattern: NOT_BLANK, description: 'Your note; null for none' }));

const endpointFields = {
  id: Id,
  url,
  description,
  events,
  enabled: Type.Boolean({ description: 'A disabled endpoint receives nothing (a 410 Gone answer disables it)' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
};

export const WebhookEndpoint = Type.Object(endpointFields, {
  $id: 'WebhookEndpoint',
  additionalProperties: false,
  description: 'A URL that receives your events, signed per Standard Webhooks',
});
export type WebhookEndpoint = Static<typeof WebhookEndpoint>;

export const WebhookEndpointWithSecret = Type.Object(
  {
    ...endpointFields,
    secret: Type.String({
      pattern: '^whsec_[A-Za-z0-9+/]+={0,2}$',
      description: 'Signing secret (`whsec_` + base64 of 32 random bytes); shown only on creation and rotation',
    }),
  },
  {
    $id: 'WebhookEndpointWithSecret',
    additionalProperties: false,
    description: 'An endpoint with its signing secret: keep the secret, it is not shown again',
  },
);
export type WebhookEndpointWithSecret = Static<typeof WebhookEndpointWithSecret>;

export const WebhookEndpointPage = Page(ref(WebhookEndpoint), 'WebhookEndpointPage', 'webhook endpoints');

export const CreateWebhookEndpointBody = Type.Object(
  {
    url,
    events: Type.Optional({ ...events, description: `${events.description}; omitted = ["*"]` }),
    description: Type.Optional(description),
  },
  { $id: 'CreateWebhookEndpointBody', additionalProperties: false },
);
export type CreateWebhookEndpointBody = Static<typeof CreateWebhookEndpointBody>;

export const UpdateWebhookEndpointBody = Type.Object(
  {
    url: Type.Optional(url),
    events: Type.Optional(events),
    description: Type.Optional(description),
    enabled: Type.Optional(endpointFields.enabled),
  },
  {
    $id: 'UpdateWebhookEndpointBody',
    additionalProperties: false,
    minProperties: 1,
    description: 'Only the fields given change; description null clears it',
  },
);
export type UpdateWebhookEndpointBody = Static<typeof UpdateWebhookEndpointBody>;

export const WebhookDeliveryAttempt = Type.Object(
  {
    id: Id,
    eventId: Id,
    attempt: Type.Integer({ minimum: 1, description: '1 for the first try of this event, then 2, 3… for retries' }),
    status: Nullable(
      Type.Integer({ minimum: 100, maximum: 599, description: 'HTTP status your endpoint answered; null when none came back' }),
    ),
    error: Type.Optional(
      Type.String({ description: 'Why no usable answer came back: `timeout`, a network error, or a refused address' }),
    ),
    durationMs: Type.Integer({ minimum: 0, description: 'Time from sending the request to its outcome' }),
    createdAt: { ...Timestamp, description: 'When the attempt finished' },
  },
  {
    $id: 'WebhookDeliveryAttempt',
    additionalProperties: false,
    description: 'One finished attempt to deliver an event to an endpoint; a 2xx status is a delivery',
  },
);
export type WebhookDeliveryAttempt = Static<typeof WebhookDeliveryAttempt>;

export const WebhookDeliveryAttemptPage = Page(ref(WebhookDeliveryAttempt), 'WebhookDeliveryAttemptPage', 'delivery attempts');
