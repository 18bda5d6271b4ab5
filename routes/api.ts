/** Every `/api/v1` domain plugin, each encapsulated with its own prefix. */
import type { FastifyPluginAsync } from 'fastify';

const apiRoutes: FastifyPluginAsync = async (_api) => {};

export default apiRoutes;
