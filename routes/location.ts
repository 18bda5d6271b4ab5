/** Where the API lives, and the one way to name a created resource's URL (its Location header). */
export const API_PREFIX = '/api/v1';

/** `/api/v1/<collection>/<id>`, e.g. `locationOf('payments', id)`. */
export const locationOf = (collection: string, id: string) => `${API_PREFIX}/${collection}/${id}`;
