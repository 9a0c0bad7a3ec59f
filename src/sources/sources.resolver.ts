import { Inject } from '@nestjs/common';
import { Action, Authorize } from '../auth/authorize.js';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { BadInputError } from '../common/errors.js';
import { SourceBindingService } from './binding.service.js';

@Resolver()
export class SourcesResolver {
  constructor(@Inject(SourceBindingService) private readonly bindings: SourceBindingService) {}

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
