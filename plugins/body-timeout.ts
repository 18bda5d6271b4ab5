/**
 * Bounds how long a request body may take to arrive. Node's requestTimeout stops watching a
 * request once its headers are in, and every byte resets the idle timeout, so a body trickling
 * in one byte every few seconds held its connection open indefinitely.
 */
import fp from 'fastify-plugin';
import { AppError } from '../src/errors.js';

export default fp<{ timeoutMs: number }>(
  async (app, { timeoutMs }) => {
    app.addHook('onRequest', (request, reply, done) => {
      const { raw } = request;
      const hasBody = raw.headers['content-length'] !== undefined || raw.headers['transfer-encoding'] !== undefined;
      if (!hasBody || raw.readableEnded) return done();
      const timer = setTimeout(() => {
        // The body reader fails with this error, and the error handler answers it as a problem.
        reply.header('connection', 'close');
        raw.emit('error', new AppError('request_timeout', `The request body did not arrive within ${timeoutMs / 1_000} s`));
      }, timeoutMs);
      const stop = () => clearTimeout(timer);
      raw.once('end', stop).once('close', stop).once('error', stop);
      done();
    });
  },
  { name: 'body-timeout' },
);
