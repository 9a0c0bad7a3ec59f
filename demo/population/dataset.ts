/**
 * One synthetic world: residents, companies and the catalogue, from a seed and two sizes.
 * Every department source process builds its own Dataset from the same options and so sees
 * exactly the same people and companies.
 */
import { type Catalog, loadCatalog } from './catalog.js';
import { Companies } from './companies.js';
import { Population } from './persons.js';
import { hashString } from '../../src/common/prng.js';

export interface DatasetOptions {
  seed?: string | number;
  persons?: number;
  companies?: number;
}

export const DATASET_DEFAULTS = { seed: '2025', persons: 10_000, companies: 2_000 } as const;
export const MAX_PERSONS = 1_000_000;

/** Bumped whenever the generator changes what it produces (the front database reloads). */
export const GENERATOR_VERSION = 2;

export class Dataset {
  readonly seedText: string;
  readonly seed: number;
  readonly population: Population;
  readonly companies: Companies;
  readonly catalog: Catalog;

  constructor(options: DatasetOptions = {}) {
    this.seedText = String(options.seed ?? DATASET_DEFAULTS.seed);
    this.seed = hashString(this.seedText);
    const persons = options.persons ?? DATASET_DEFAULTS.persons;
    const companies = options.companies ?? DATASET_DEFAULTS.companies;
    if (!Number.isInteger(persons) || persons < 100 || persons > MAX_PERSONS) throw new RangeError(`persons must be an integer 100..${MAX_PERSONS}`);
    if (!Number.isInteger(companies) || companies < 1 || companies > MAX_PERSONS) throw new RangeError(`companies must be an integer 1..${MAX_PERSONS}`);
    this.population = new Population(this.seed, persons, companies);
    this.companies = new Companies(this.seed, companies, this.population);
    this.catalog = loadCatalog();
  }

  /** Identifies the generated data: same signature, same records. */
  get signature(): string {
    return `v${GENERATOR_VERSION};seed=${this.seedText};persons=${this.population.size};companies=${this.companies.size}`;
  }
}

/** Reads SOURCES_SEED, SOURCES_PERSONS and SOURCES_COMPANIES. */
export function datasetOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): Required<DatasetOptions> {
  const integer = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw.replace(/_/g, ''));
    if (!Number.isInteger(value)) throw new RangeError(`${name} must be an integer, got ${raw}`);
    return value;
  };
  return {
    seed: env.SOURCES_SEED || DATASET_DEFAULTS.seed,
    persons: integer('SOURCES_PERSONS', DATASET_DEFAULTS.persons),
    companies: integer('SOURCES_COMPANIES', DATASET_DEFAULTS.companies),
  };
}
