import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CatalogRepository } from '../catalog/catalog.repository.js';
import { BadInputError } from '../common/errors.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { SourceBindingRepository } from './binding.repository.js';
import { validateBinding, type SourceBinding } from './binding.js';

/**
 * Saves source bindings, all or nothing: each must name a published resource shared by API or
 * TABLE, map every one of its items, and use only settings this hub has (so a typo in an
 * endpoint or a missing credential is found when the binding is saved, not at the first lookup).
 */
@Injectable()
export class SourceBindingService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CatalogRepository) private readonly catalog: CatalogRepository,
    @Inject(SourceBindingRepository) private readonly bindings: SourceBindingRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async bind(raw: unknown[]): Promise<SourceBinding[]> {
    const codes = raw.map((b) => (b && typeof b === 'object' ? String((b as { resourceCode?: unknown }).resourceCode) : ''));
    const items = await this.catalog.itemsOf(codes);
    const resources = await this.catalog.findResources(codes);
    const settings = (name: string) => this.config.sources.settings[name];
    const validated = raw.map((binding, index) => {
      const at = `bindings[${index}]`;
      const resource = resources.get(codes[index]);
      if (!resource) throw new BadInputError(`${at}.resourceCode: no resource ${codes[index]} in the catalogue`, `${at}.resourceCode`);
      if (resource.shareMethod !== 'API' && resource.shareMethod !== 'TABLE') {
        throw new BadInputError(`${at}.resourceCode: ${codes[index]} is shared by ${resource.shareMethod}, not through the platform`, `${at}.resourceCode`);
      }
      return validateBinding(binding, (items.get(codes[index]) ?? []).map((item) => item.code), settings, at);
    });
    await this.dataSource.transaction((manager) => this.bindings.save(validated, manager));
    return validated;
  }
}
