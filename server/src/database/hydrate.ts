import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/**
 * An entity from a raw row that has all of its table's columns under their column names (a
 * `RETURNING *`, or `t.*` in a hand-written SELECT), converted as TypeORM's own `getMany()` would.
 * For statements the query builder cannot express (data-modifying CTEs) or where one round trip
 * also carries other values (a count, labels) next to the entity's columns.
 */
export function hydrate<T extends ObjectLiteral>(db: DataSource, target: EntityTarget<T>, row: Record<string, unknown>): T {
  const metadata = db.getMetadata(target);
  return fill(db, metadata.columns, row, metadata.create() as Record<string, unknown>) as T;
}

/** `hydrate` for a row of only some columns (see `columnsOf`): a plain object of just those properties. */
export function hydratePart<T extends ObjectLiteral, K extends keyof T>(
  db: DataSource, part: EntityPart<T, K>, row: Record<string, unknown>,
): Pick<T, K> {
  return fill(db, part.columns, row, {}) as Pick<T, K>;
}

export interface EntityPart<T, K extends keyof T> {
  columns: ColumnMetadata[];
  /** `alias.column_name, …` for a SELECT list. */
  select(alias: string): string;
  /** Only carries the types. */
  readonly of?: Pick<T, K>;
}

/** Some of an entity's columns, by property name, looked up once. */
export function columnsOf<T extends ObjectLiteral, K extends keyof T & string>(
  db: DataSource, target: EntityTarget<T>, properties: readonly K[],
): EntityPart<T, K> {
  const metadata = db.getMetadata(target);
  const columns = properties.map((property) => {
    const column = metadata.findColumnWithPropertyName(property);
    if (!column) throw new Error(`${metadata.tableName} has no column for ${property}`);
    return column;
  });
  return { columns, select: (alias) => columns.map((c) => `${alias}.${c.databaseName}`).join(', ') };
}

function fill(db: DataSource, columns: ColumnMetadata[], row: Record<string, unknown>, entity: Record<string, unknown>): Record<string, unknown> {
  for (const column of columns) entity[column.propertyName] = db.driver.prepareHydratedValue(row[column.databaseName], column);
  return entity;
}
