// Linted as if it were db/upward-import.ts: the bottom of the house reaching up to a service.
import { toClient } from '../src/services/clients.js';

export const upward = toClient;
