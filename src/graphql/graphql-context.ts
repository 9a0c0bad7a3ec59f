import type { FastifyReply, FastifyRequest } from 'fastify';

/** What every resolver receives: the Fastify request (for auth and request id) and reply. */
export interface GraphQLContext {
  req: FastifyRequest;
  reply: FastifyReply;
}
