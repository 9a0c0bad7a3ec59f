import { Inject } from '@nestjs/common';
import { Action, Authorize } from '../auth/authorize.js';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { BadInputError } from '../common/errors.js';
import { SourceBindingRepository } from './binding.repository.js';
import { SourceBindingService } from './binding.service.js';
import { SourceGateway } from './source-gateway.js';
import { SourceBreakerState, SourceHealth } from './source-health.types.js';

@Resolver()
export class SourcesResolver {
  constructor(
    @Inject(SourceBindingService) private readonly bindings: SourceBindingService,
    @Inject(SourceBindingRepository) private readonly repository: SourceBindingRepository,
    @Inject(SourceGateway) private readonly gateway: SourceGateway,
  ) {}

  @Query(() => [SourceHealth], { description: 'The department systems behind the source bindings: breaker state and recent error rate in this hub process (admin).' })
  @Authorize(Action.ADMIN)
  async sourceHealth(): Promise<SourceHealth[]> {
    const bySource = new Map<string, string[]>();
    for (const binding of (await this.repository.all()).values()) {
      let source: string;
      try {
        source = this.gateway.sourceOf(binding);
      } catch {
        source = `${binding.adapter}:${binding.resourceCode}`; // a setting this process lacks
      }
      bySource.set(source, [...(bySource.get(source) ?? []), binding.resourceCode]);
    }
    return [...bySource.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([source, resources]) => {
        const health = this.gateway.health(source);
        return {
          source,
          resources: resources.sort(),
          breaker: health.breaker as SourceBreakerState,
          calls: health.calls,
          failures: health.failures,
          errorRate: health.calls ? health.failures / health.calls : 0,
          lastErrorAt: health.lastError?.at ?? null,
          lastError: health.lastError?.message ?? null,
        };
      });
  }

  @Mutation(() => [String], {
    description: 'Bind resources to their department systems (admin): a JSON array of bindings, all or nothing. Returns the bound resource codes.',
  })
  @Authorize(Action.ADMIN)
  async bindSources(@Args('bindingsJson') bindingsJson: string): Promise<string[]> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(bindingsJson);
    } catch {
      throw new BadInputError('bindingsJson: is not JSON', 'bindingsJson');
    }
    if (!Array.isArray(parsed) || parsed.length > 5000) throw new BadInputError('bindingsJson: must be an array of at most 5000 bindings', 'bindingsJson');
    return (await this.bindings.bind(parsed)).map((binding) => binding.resourceCode);
  }
}
