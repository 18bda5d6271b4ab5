/** Every `/api/v1` domain plugin, each encapsulated with its own prefix. */
import type { FastifyPluginAsync } from 'fastify';
import invoiceActionRoutes from './invoice-actions.js';
import paymentRoutes from './payments.js';

const apiRoutes: FastifyPluginAsync = async (api) => {
  await api.register(invoiceActionRoutes, { prefix: '/invoices' });
  await api.register(paymentRoutes, { prefix: '/payments' });
};

export default apiRoutes;
