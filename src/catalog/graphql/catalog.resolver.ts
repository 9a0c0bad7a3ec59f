import { Inject } from '@nestjs/common';
import { Action, Authorize } from '../../auth/authorize.js';
import { Args, Context, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../../auth/decorators.js';
import { RequestId } from '../../common/request-id.decorator.js';
import { forwardPageInfo, type PageInfo } from '../../graphql/page-info.js';
import type { Principal } from '../../auth/principal.js';
import { CatalogRepository } from '../catalog.repository.js';
import { CatalogService } from '../catalog.service.js';
import { DepartmentRepository } from '../department.repository.js';
import { DepartmentKind, SHARE_TYPE_LABELS, type Page, type ResourceFilter, type StoredItem, type StoredResource } from '../model.js';
import { pageSize } from '../pagination.js';
import { PerRequest } from './batch.js';
import { DataItemFilterInput, PublishResourceInput, ResourceFilterInput } from './inputs.js';
import { toDataItemGql, toDepartmentGql, toResourceGql, toVersionGql } from './mappers.js';
import {
  CatalogStatsGql,
  DataItemConnectionGql,
  DataItemGql,
  DepartmentGql,
  ResourceConnectionGql,
  ResourceGql,
  ResourceVersionGql,
} from './types.js';

/**
 * What a connection carries besides its fields: the total when the page query had it (keyword
 * searches), else the filter, so `totalCount` is only counted when asked for.
 */
interface WithFilter {
  filter: ResourceFilter;
  total?: number;
}

function pageInfo<T>(page: Page<T>, after: string | null | undefined): PageInfo {
  return forwardPageInfo(
    page.nodes.map((node) => node.cursor),
    page.hasNextPage,
    Boolean(after),
  );
}

function plainFilter(filter: ResourceFilterInput | undefined | null): ResourceFilter {
  return { ...(filter ?? {}) };
}

@Resolver()
@Authorize(Action.CATALOG_READ)
export class CatalogQueryResolver {
  constructor(
    @Inject(CatalogRepository) private readonly catalog: CatalogRepository,
    @Inject(DepartmentRepository) private readonly departmentRepository: DepartmentRepository,
    @Inject(CatalogService) private readonly service: CatalogService,
  ) {}

  @Query(() => [DepartmentGql], { description: 'Departments (optionally of one kind), by code.' })
  async departments(@Args('kind', { type: () => DepartmentKind, nullable: true }) kind?: DepartmentKind): Promise<DepartmentGql[]> {
    return (await this.departmentRepository.list(kind ?? undefined)).map(toDepartmentGql);
  }

  @Query(() => DepartmentGql, { nullable: true })
  async department(@Args('code') code: string): Promise<DepartmentGql | null> {
    const department = await this.departmentRepository.findByCode(code);
    return department ? toDepartmentGql(department) : null;
  }

  @Query(() => ResourceConnectionGql, {
    description: 'Resources in code order, or ranked by keyword (name matches first, then summary, then item names). Keyset cursors; first ≤ 100.',
  })
  async resources(
    @Args('filter', { type: () => ResourceFilterInput, nullable: true }) filter?: ResourceFilterInput,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<ResourceConnectionGql & WithFilter> {
    const plain = plainFilter(filter);
    const page = await this.catalog.listResources(plain, pageSize(first), after);
    return {
      edges: page.nodes.map(({ cursor, node }) => ({ cursor, node: toResourceGql(node) })),
      pageInfo: pageInfo(page, after),
      filter: plain,
      total: page.total,
    };
  }

  @Query(() => ResourceGql, { nullable: true, description: 'One resource (current version) with its items and versions.' })
  async resource(@Args('code') code: string): Promise<ResourceGql | null> {
    const resource = await this.catalog.findResource(code);
    return resource ? toResourceGql(resource) : null;
  }

  @Query(() => DataItemConnectionGql, {
    description: 'Data items in code order, or ranked by keyword (item names first, then resource names, then descriptions). Keyset cursors; first ≤ 100.',
  })
  async dataItems(
    @Args('filter', { type: () => DataItemFilterInput, nullable: true }) filter?: DataItemFilterInput,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<DataItemConnectionGql & WithFilter> {
    const plain = plainFilter(filter);
    const page = await this.catalog.listItems(plain, pageSize(first), after);
    return {
      edges: page.nodes.map(({ cursor, node }) => ({ cursor, node: toDataItemGql(node) })),
      pageInfo: pageInfo(page, after),
      filter: plain,
      total: page.total,
    };
  }

  @Query(() => DataItemGql, { nullable: true })
  async dataItem(@Args('code') code: string): Promise<DataItemGql | null> {
    const item = await this.catalog.findItem(code);
    return item ? toDataItemGql(item) : null;
  }

  @Query(() => CatalogStatsGql, { description: 'Totals of departments, resources and data items; counts by share type and by provider.' })
  async catalogStats(): Promise<CatalogStatsGql> {
    const stats = await this.catalog.stats();
    return {
      ...stats,
      byShareType: stats.byShareType.map((row) => ({ ...row, shareTypeLabel: SHARE_TYPE_LABELS[row.shareType] })),
    };
  }

  @Mutation(() => ResourceGql, {
    description: 'Creates a resource, or updates one: a change to a published resource becomes a new version (the old one stays readable). Admin.',
  })
  @Authorize(Action.ADMIN)
  async publishResource(
    @Args('input', { type: () => PublishResourceInput }) input: PublishResourceInput,
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
  ): Promise<ResourceGql> {
    const { resource } = await this.service.publish(JSON.parse(JSON.stringify(input)) as Record<string, unknown>, principal, requestId);
    return toResourceGql(resource);
  }

  @Mutation(() => ResourceGql, { description: 'Retires a resource (status RETIRED, with the reason). Admin.' })
  @Authorize(Action.ADMIN)
  async retireResource(
    @Args('code') code: string,
    @Args('reason') reason: string,
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
  ): Promise<ResourceGql> {
    return toResourceGql(await this.service.retire(code, reason, principal, requestId));
  }
}

@Resolver(() => ResourceConnectionGql)
export class ResourceConnectionResolver {
  constructor(@Inject(CatalogRepository) private readonly catalog: CatalogRepository) {}

  @ResolveField(() => Int, { description: 'All resources matching the filter' })
  async totalCount(@Parent() connection: WithFilter): Promise<number> {
    return connection.total ?? this.catalog.countResources(connection.filter);
  }
}

@Resolver(() => DataItemConnectionGql)
export class DataItemConnectionResolver {
  constructor(@Inject(CatalogRepository) private readonly catalog: CatalogRepository) {}

  @ResolveField(() => Int, { description: 'All data items matching the filter' })
  async totalCount(@Parent() connection: WithFilter): Promise<number> {
    return connection.total ?? this.catalog.countItems(connection.filter);
  }
}

@Resolver(() => ResourceGql)
export class ResourceFieldsResolver {
  private readonly itemBatches: PerRequest<string, StoredItem[]>;

  constructor(@Inject(CatalogRepository) private readonly catalog: CatalogRepository) {
    this.itemBatches = new PerRequest((codes) => this.catalog.itemsOf(codes));
  }

  @ResolveField(() => [DataItemGql], { description: '信息项 of the current version, in code order' })
  async items(@Parent() resource: ResourceGql, @Context() context: object): Promise<DataItemGql[]> {
    return ((await this.itemBatches.for(context).get(resource.code)) ?? []).map(toDataItemGql);
  }

  @ResolveField(() => [ResourceVersionGql], { description: 'Every version, newest first' })
  async versions(@Parent() resource: ResourceGql): Promise<ResourceVersionGql[]> {
    return (await this.catalog.versions(resource.code)).map(toVersionGql);
  }
}

@Resolver(() => DataItemGql)
export class DataItemFieldsResolver {
  private readonly resourceBatches: PerRequest<string, StoredResource>;

  constructor(@Inject(CatalogRepository) private readonly catalog: CatalogRepository) {
    this.resourceBatches = new PerRequest((codes) => this.catalog.findResources(codes));
  }

  @ResolveField(() => ResourceGql, { description: 'The resource (current version) this item belongs to' })
  async resource(@Parent() item: DataItemGql, @Context() context: object): Promise<ResourceGql> {
    const resource = await this.resourceBatches.for(context).get(item.resourceCode);
    return toResourceGql(resource!);
  }
}
