/**
 * What Hugging Face `datasets` needs of a JSON or JSON Lines file before any trainer sees a record
 * (LLaMA-Factory, Axolotl and TRL all load through it; docs/recipe.md, "Checking what a trainer
 * reads"): the file becomes one Arrow table, so every column, and every field inside lists and
 * objects, must hold one type across all records. `null` (or a missing field) fits any type, an
 * integer widens to a float, and anything else mixed (a string id in one record and a number in
 * another, a list beside a string) stops the load.
 */

/** The Arrow-like type of a value. */
type ColumnType =
  | { kind: 'null' }
  | { kind: 'bool' }
  | { kind: 'int' }
  | { kind: 'float' }
  | { kind: 'string' }
  | { kind: 'list'; item: ColumnType }
  | { kind: 'struct'; fields: Map<string, ColumnType> };

const NULL: ColumnType = { kind: 'null' };

function typeOf(value: unknown): ColumnType {
  if (value === null || value === undefined) return NULL;
  if (typeof value === 'boolean') return { kind: 'bool' };
  if (typeof value === 'number') return Number.isInteger(value) ? { kind: 'int' } : { kind: 'float' };
  if (typeof value === 'string') return { kind: 'string' };
  if (Array.isArray(value)) {
    let item: ColumnType = NULL;
    for (const element of value) item = unify(item, typeOf(element), '[]');
    return { kind: 'list', item };
  }
  const fields = new Map<string, ColumnType>();
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) fields.set(key, typeOf(field));
  return { kind: 'struct', fields };
}

/** A type conflict, with the path where it is. */
export class ColumnConflict extends Error {}

function describe(type: ColumnType): string {
  return type.kind === 'list' ? `list of ${describe(type.item)}` : type.kind;
}

/** The type that holds both, or a conflict. */
function unify(left: ColumnType, right: ColumnType, path: string): ColumnType {
  if (left.kind === 'null') return right;
  if (right.kind === 'null') return left;
  if ((left.kind === 'int' && right.kind === 'float') || (left.kind === 'float' && right.kind === 'int')) return { kind: 'float' };
  if (left.kind !== right.kind) throw new ColumnConflict(`${path} holds ${describe(left)} in one record and ${describe(right)} in another`);
  if (left.kind === 'list' && right.kind === 'list') return { kind: 'list', item: unify(left.item, right.item, `${path}[]`) };
  if (left.kind === 'struct' && right.kind === 'struct') {
    const fields = new Map(left.fields);
    for (const [key, type] of right.fields) fields.set(key, unify(fields.get(key) ?? NULL, type, `${path}.${key}`));
    return { kind: 'struct', fields };
  }
  return left;
}

/** The conflicts that would stop `datasets` loading these records as one table (empty when none). */
export function checkColumns(records: readonly unknown[]): string[] {
  let table: ColumnType = NULL;
  for (const [index, record] of records.entries()) {
    if (typeof record !== 'object' || record === null || Array.isArray(record)) return [`record ${index} is not an object`];
    try {
      table = unify(table, typeOf(record), '(record)');
    } catch (error) {
      if (error instanceof ColumnConflict) return [`record ${index}: ${error.message}`];
      throw error;
    }
  }
  return [];
}
