// Every TypeORM entity class of the hub, listed once for the DataSource.
export const ENTITIES: Function[] = [];
