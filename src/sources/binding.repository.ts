import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { SourceBinding } from './binding.js';

const CACHE_TTL_MS = 30_000;

/** Source bindings in PostgreSQL, cached briefly: they change rarely and are read on every lookup. */
@Injectable()
export class SourceBindingRepository {
  private cache: { bindings: Map<string, SourceBinding>; until: number } | undefined;

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async find(resourceCode: string): Promise<SourceBinding | undefined> {
    return (await this.all()).get(resourceCode);
  }

  async all(): Promise<Map<string, SourceBinding>> {
    if (this.cache && this.cache.until > Date.now()) return this.cache.bindings;
    const rows: { binding: SourceBinding }[] = await this.dataSource.query('SELECT binding FROM source_bindings');
    const bindings = new Map(rows.map(({ binding }) => [binding.resourceCode, binding]));
    this.cache = { bindings, until: Date.now() + CACHE_TTL_MS };
    return bindings;
  }

  /** Saves validated bindings (in the caller's transaction, e.g. a catalogue import). */
  async save(bindings: SourceBinding[], manager: EntityManager = this.dataSource.manager): Promise<void> {
    if (!bindings.length) return;
    await manager.query(
      `INSERT INTO source_bindings (resource_code, adapter, binding)
       SELECT b->>'resourceCode', b->>'adapter', b FROM jsonb_array_elements($1::jsonb) AS b
       ON CONFLICT (resource_code) DO UPDATE SET adapter = EXCLUDED.adapter, binding = EXCLUDED.binding, updated_at = now()`,
      [JSON.stringify(bindings)],
    );
    this.cache = undefined;
  }
}
