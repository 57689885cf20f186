import { createHash } from "node:crypto";
import type pg from "pg";
import { SyncError } from "../../sync-error";
import { MAX_IDENTIFIER_BYTES, identifierByteLength, parseQualifiedName, quoteQualifiedName, type QualifiedName } from "../../sql-identifier";
import { connectHologres, type HologresConfig } from "./hologres-config";

/** What the wizard and the writer need to know about a target table. */
export type HologresColumn = {
  name: string;
  /** `format_type` text: `bigint`, `text`, `numeric(38,18)`, `timestamp with time zone`, `integer[]`. */
  type: string;
  /** PostgreSQL type category: N numeric, S string, D date/time, B boolean, A array, U user (bytea, json, uuid). */
  category: string;
  /** For arrays, the element type name (`int4`, `text`). */
  elementType: string | null;
  /** The base type name (`int8`, `varchar`, `bytea`, `_int4`). */
  typeName: string;
  /** The schema of the type (`pg_catalog` for built-in types). */
  typeSchema: string;
  /** Whether the type has an array type (`int8[]`): built-in and user types do, a few old domains do not. */
  hasArrayType: boolean;
  notNull: boolean;
  hasDefault: boolean;
};

export type HologresTableInfo = {
  schema: string;
  table: string;
  kind: "table" | "partitioned" | "partition";
  columns: HologresColumn[];
  primaryKey: string[];
  /** For a partitioned parent: its LIST partition column. */
  partitionColumn: string | null;
  partitionStrategy: "list" | "range" | "hash" | null;
  /** For a child partition: its parent and bound values. */
  parent: QualifiedName | null;
  /** For a partitioned parent: its children with their values. */
  children: Array<{ schema: string; table: string; values: string[] }>;
};

export type HologresTableListing = {
  schema: string;
  table: string;
  kind: "table" | "partitioned" | "partition";
  /** For a child partition: `schema.parent` and its values. */
  parent: string | null;
  partitionValues: string[] | null;
};

const SYSTEM_SCHEMAS = ["pg_catalog", "information_schema", "hologres", "hologres_statistic", "hg_internal", "pg_toast"];

/** Parses `FOR VALUES IN ('a', 'b''c', 10)` into its values (`DEFAULT` gives an empty list). */
export function parseListBound(bound: string | null): string[] {
  if (!bound) return [];
  const match = /IN\s*\((.*)\)\s*$/is.exec(bound);
  if (!match) return [];
  const body = match[1]!;
  const values: string[] = [];
  let i = 0;
  while (i < body.length) {
    while (body[i] === " " || body[i] === ",") i++;
    if (i >= body.length) break;
    if (body[i] === "'") {
      let value = "";
      i++;
      while (i < body.length) {
        if (body[i] === "'") {
          if (body[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += body[i];
        i++;
      }
      // Skip an optional cast such as ::text
      while (i < body.length && body[i] !== ",") i++;
      values.push(value);
    } else {
      let j = i;
      while (j < body.length && body[j] !== ",") j++;
      values.push(body.slice(i, j).trim().replace(/::.*$/, ""));
      i = j;
    }
  }
  return values;
}

type Queryable = Pick<pg.Client, "query">;

export async function listTables(client: Queryable): Promise<HologresTableListing[]> {
  const { rows } = await client.query<{ schema: string; table: string; relkind: string; ispartition: boolean; parent_schema: string | null; parent: string | null; bound: string | null }>(
    `SELECT n.nspname AS schema, c.relname AS table, c.relkind, c.relispartition AS ispartition,
            pn.nspname AS parent_schema, p.relname AS parent, pg_get_expr(c.relpartbound, c.oid) AS bound
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_inherits i ON i.inhrelid = c.oid AND c.relispartition
       LEFT JOIN pg_class p ON p.oid = i.inhparent
       LEFT JOIN pg_namespace pn ON pn.oid = p.relnamespace
      WHERE c.relkind IN ('r', 'p')
        AND n.nspname <> ALL($1::text[])
        AND n.nspname NOT LIKE 'pg_temp%' AND n.nspname NOT LIKE 'pg_toast%'
      ORDER BY n.nspname, c.relname`,
    [SYSTEM_SCHEMAS],
  );
  return rows.map((row) => ({
    schema: row.schema,
    table: row.table,
    kind: row.relkind === "p" ? "partitioned" : row.ispartition ? "partition" : "table",
    parent: row.parent ? `${row.parent_schema}.${row.parent}` : null,
    partitionValues: row.ispartition ? parseListBound(row.bound) : null,
  }));
}

/** Describes a table; returns null when it does not exist. */
export async function describeTable(client: Queryable, name: QualifiedName): Promise<HologresTableInfo | null> {
  const rel = await client.query<{ oid: number; relkind: string; ispartition: boolean }>(
    `SELECT c.oid, c.relkind, c.relispartition AS ispartition
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p', 'f')`,
    [name.schema, name.table],
  );
  const row = rel.rows[0];
  if (!row) return null;
  const oid = row.oid;
  const columns = await client.query<{ name: string; type: string; category: string; typname: string; typschema: string; hasarray: boolean; elemname: string | null; notnull: boolean; hasdef: boolean }>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, t.typcategory AS category,
            t.typname, tn.nspname AS typschema, t.typarray <> 0 AS hasarray, et.typname AS elemname, a.attnotnull AS notnull, a.atthasdef AS hasdef
       FROM pg_attribute a
       JOIN pg_type t ON t.oid = a.atttypid
       JOIN pg_namespace tn ON tn.oid = t.typnamespace
       LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
      WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum`,
    [oid],
  );
  const pk = await client.query<{ name: string }>(
    `SELECT a.attname AS name
       FROM pg_index i
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey::int2[])
      WHERE i.indrelid = $1 AND i.indisprimary
      ORDER BY array_position(i.indkey::int2[], a.attnum)`,
    [oid],
  );
  let partitionColumn: string | null = null;
  let partitionStrategy: HologresTableInfo["partitionStrategy"] = null;
  let children: HologresTableInfo["children"] = [];
  let parent: QualifiedName | null = null;
  if (row.relkind === "p") {
    const key = await client.query<{ name: string | null; strategy: string }>(
      `SELECT a.attname AS name, p.partstrat AS strategy
         FROM pg_partitioned_table p
         LEFT JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
        WHERE p.partrelid = $1`,
      [oid],
    );
    partitionColumn = key.rows[0]?.name ?? null;
    const strategy = key.rows[0]?.strategy;
    partitionStrategy = strategy === "l" ? "list" : strategy === "r" ? "range" : strategy === "h" ? "hash" : null;
    const kids = await client.query<{ schema: string; table: string; bound: string | null }>(
      `SELECT n.nspname AS schema, c.relname AS table, pg_get_expr(c.relpartbound, c.oid) AS bound
         FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE i.inhparent = $1
        ORDER BY c.relname`,
      [oid],
    );
    children = kids.rows.map((k) => ({ schema: k.schema, table: k.table, values: parseListBound(k.bound) }));
  } else if (row.ispartition) {
    const up = await client.query<{ schema: string; table: string }>(
      `SELECT n.nspname AS schema, p.relname AS table
         FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace n ON n.oid = p.relnamespace
        WHERE i.inhrelid = $1`,
      [oid],
    );
    if (up.rows[0]) parent = { schema: up.rows[0].schema, table: up.rows[0].table };
  }
  return {
    schema: name.schema,
    table: name.table,
    kind: row.relkind === "p" ? "partitioned" : row.ispartition ? "partition" : "table",
    columns: columns.rows.map((c) => ({
      name: c.name,
      type: c.type,
      category: c.category,
      typeName: c.typname,
      typeSchema: c.typschema,
      hasArrayType: c.hasarray,
      elementType: c.elemname,
      notNull: c.notnull,
      hasDefault: c.hasdef,
    })),
    primaryKey: pk.rows.map((r) => r.name),
    partitionColumn,
    partitionStrategy,
    parent,
    children,
  };
}

function sameValue(a: string, b: string, numeric: boolean): boolean {
  if (!numeric) return a === b;
  return a.trim() !== "" && b.trim() !== "" && Number(a) === Number(b);
}

/** Cuts `text` to at most `bytes` UTF-8 bytes, never inside a character. */
function truncateUtf8(text: string, bytes: number): string {
  let result = "";
  let used = 0;
  for (const char of text) {
    const size = identifierByteLength(char);
    if (used + size > bytes) break;
    result += char;
    used += size;
  }
  return result;
}

/**
 * Names for the child table of a partition value, best first. A value that is a plain
 * identifier part ([a-z0-9_]) keeps today's readable `<parent>_<value>`; any other value,
 * or a name that would not fit in 63 bytes, gets `_` and the first 8 hex digits of the
 * value's SHA-256 after a readable part cut to fit: `a"b` and `a'b` would both read `a_b`.
 * The last candidate, with 16 hex digits, is for the unlikely case that another table
 * already has one of the shorter names.
 */
export function childTableNames(parent: string, value: string): string[] {
  const readable = `${parent}_${value.toLowerCase().replace(/[^a-z0-9_]/g, "_")}`;
  const hash = createHash("sha256").update(value, "utf8").digest("hex");
  const hashed = (digits: number) => `${truncateUtf8(readable, MAX_IDENTIFIER_BYTES - 1 - digits)}_${hash.slice(0, digits)}`;
  const plain = /^[a-z0-9_]+$/.test(value) && identifierByteLength(readable) <= MAX_IDENTIFIER_BYTES;
  return [...(plain ? [readable] : []), hashed(8), hashed(16)];
}

/** The child that holds `value`, found by the children's partition bounds (their names say nothing). */
function childFor(parent: HologresTableInfo, value: string, numeric: boolean): QualifiedName | null {
  const found = parent.children.find((c) => c.values.some((v) => sameValue(v, value, numeric)));
  return found ? { schema: found.schema, table: found.table } : null;
}

/**
 * Finds the child of a LIST-partitioned parent that holds `value`, whatever its name, or
 * creates it (`CREATE TABLE child PARTITION OF parent FOR VALUES IN (value)`) under the
 * first of `childTableNames` that no table of the schema has. The value reaches the DDL
 * through the server's own quote_literal, so it is still sent as a parameter.
 */
export async function findOrCreatePartitionChild(
  client: Queryable,
  parent: HologresTableInfo,
  value: string,
): Promise<{ child: QualifiedName; created: boolean }> {
  const column = parent.columns.find((c) => c.name === parent.partitionColumn);
  const numeric = column?.category === "N";
  if (numeric && !/^-?\d+$/.test(value.trim())) {
    throw new SyncError("TARGET_PARTITION_INVALID", `Partition value "${value}" is not an integer, but ${parent.table}.${parent.partitionColumn} is ${column?.type}.`);
  }
  const existing = childFor(parent, value, numeric);
  if (existing) return { child: existing, created: false };
  const candidates = childTableNames(parent.table, value);
  const taken = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = ANY($2::text[])`,
    [parent.schema, candidates],
  );
  const takenNames = new Set(taken.rows.map((row) => row.name));
  const child = { schema: parent.schema, table: candidates.find((name) => !takenNames.has(name)) ?? candidates[candidates.length - 1]! };
  const literal = await client.query<{ literal: string }>("SELECT quote_literal($1::text) AS literal", [value]);
  const parentName = quoteQualifiedName(parent);
  try {
    await client.query(`CREATE TABLE ${quoteQualifiedName(child)} PARTITION OF ${parentName} FOR VALUES IN (${literal.rows[0]!.literal})`);
    return { child, created: true };
  } catch (error) {
    // Another run may have created it meanwhile (same or different name): look again.
    const refreshed = await describeTable(client, parent);
    const found = refreshed ? childFor(refreshed, value, numeric) : null;
    if (found) return { child: found, created: false };
    throw new SyncError("TARGET_PARTITION_INVALID", `Could not create partition ${child.table} of ${parent.schema}.${parent.table} for value "${value}": ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** Wizard helper: lists the tables of a Hologres database (plain, partitioned parents and their children). */
export async function listHologresTables(config: HologresConfig): Promise<HologresTableListing[]> {
  const client = await connectHologres(config);
  try {
    return await listTables(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Wizard helper: a table's columns, primary key and partition column; TARGET_TABLE_NOT_FOUND when missing. */
export async function describeHologresTable(config: HologresConfig, tableName: string): Promise<HologresTableInfo> {
  const name = parseQualifiedName(tableName);
  const client = await connectHologres(config);
  try {
    const info = await describeTable(client, name);
    if (!info) throw new SyncError("TARGET_TABLE_NOT_FOUND", `Table ${name.schema}.${name.table} does not exist in database "${config.database}".`);
    return info;
  } finally {
    await client.end().catch(() => {});
  }
}

