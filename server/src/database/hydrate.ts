import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * An entity from a raw row that has all of its table's columns under their column names (a
 * `RETURNING *`, or `t.*` in a hand-written SELECT), converted as TypeORM's own `getMany()` would.
 * For statements the query builder cannot express (data-modifying CTEs) or where one round trip
 * also carries other values (a count, labels) next to the entity's columns.
 */
export function hydrate<T extends ObjectLiteral>(db: DataSource, target: EntityTarget<T>, row: Record<string, unknown>): T {
  const metadata = db.getMetadata(target);
  const entity = metadata.create() as T;
  for (const column of metadata.columns) {
    (entity as Record<string, unknown>)[column.propertyName] = db.driver.prepareHydratedValue(row[column.databaseName], column);
  }
  return entity;
}
