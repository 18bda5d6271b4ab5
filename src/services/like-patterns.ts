/** LIKE patterns from user text: `%`, `_` and `\` (LIKE's escape character) match themselves. */
const literal = (text: string) => text.replace(/[\\%_]/g, '\\$&');

/** Matches any text containing `text`. */
export const likeContaining = (text: string) => `%${literal(text)}%`;

/** Matches any text starting with `text`. */
export const likePrefix = (text: string) => `${literal(text)}%`;
