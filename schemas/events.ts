import { type Static, Type } from '@sinclair/typebox';
import type { EventObject } from '../base/stored-shapes.js';
import { domainEventTypes } from './event-types.js';
import { Id, Page, PageQuery, StringEnum, Timestamp, ref } from './common.js';

export const EventType = StringEnum(domainEventTypes, {
  $id: 'EventType',
  description: 'What changed: `<resource>.<change>`',
});
export type EventType = Static<typeof EventType>;

export const Event = Type.Object(
  {
    id: { ...Id, description: 'Event id; also the `webhook-id` header of its deliveries' },
    type: ref(EventType),
    createdAt: { ...Timestamp, description: 'When the change was committed (its transaction began)' },
    data: Type.Object(
      {
        object: Type.Unsafe<EventObject>({
          type: 'object',
          additionalProperties: true,
          description:
            'The resource as the change left it, as GET returns it (a Client, Invoice, Payment, CreditNote or ' +
            'BusinessProfile, by the type prefix); for *.deleted, as it was before deletion',
        }),
      },
      { additionalProperties: false },
    ),
  },
  {
    $id: 'Event',
    additionalProperties: false,
    description: 'A change to one of your resources, written in the same transaction as the change',
  },
);
export type Event = Static<typeof Event>;

export const EventPage = Page(ref(Event), 'EventPage', 'events');

export const EventListQuery = Type.Object({
  ...PageQuery.properties,
  type: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 1000,
      description: 'Only these types: one or more event types, comma-separated (e.g. `invoice.paid,payment.created`)',
    }),
  ),
  createdAfter: Type.Optional({ ...Timestamp, description: 'Only events created strictly after this instant' }),
});
export type EventListQuery = Static<typeof EventListQuery>;
