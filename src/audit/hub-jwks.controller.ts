import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { JSONWebKeySet } from 'jose';
import { Public } from '../auth/decorators.js';
import { HubKeys } from '../keys/hub-keys.js';

/**
 * The hub's public signing keys as a standard JWKS: every generation, current and rotated out, of
 * the audit checkpoint key and the disclosure receipt key, so any JOSE library can verify a
 * checkpoint or a receipt offline. Seal keys are the departments' and stay in seals.json.
 */
@Controller()
export class HubJwksController {
  constructor(@Inject(HubKeys) private readonly keys: HubKeys) {}

  @Public()
  @Get('.well-known/sharehub/jwks.json')
  async jwks(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    reply.header('content-type', 'application/jwk-set+json; charset=utf-8');
    reply.header('cache-control', 'public, max-age=60');
    return JSON.stringify(await publishedJwks(this.keys));
  }
}

export async function publishedJwks(keys: HubKeys): Promise<JSONWebKeySet> {
  const generations = [...(await keys.list('checkpoint')), ...(await keys.list('receipt'))];
  return { keys: generations.filter((g) => g.publicJwk).map((g) => ({ ...g.publicJwk!, kid: g.kid, alg: g.alg, use: 'sig' })) };
}
