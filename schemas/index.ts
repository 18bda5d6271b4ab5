/** Every schema with an `$id`, registered once with app.addSchema and referenced elsewhere. */
import { FieldError, Problem } from './common.js';
import { User, UserPage } from './users.js';

export const sharedSchemas = [FieldError, Problem, User, UserPage];
