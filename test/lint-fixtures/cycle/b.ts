import { a } from './a.js';

export const b = (): number => (a.length > 0 ? 1 : 0);
