import type pg from "pg";
import { parseQualifiedName, quoteQualifiedName } from "../../sql-identifier";
import { SyncError } from "../../sync-error";
import type { CatalogPreview, CatalogTable, ConnectorCatalog } from "../connector";
import { engineTypeText } from "../neutral-column-type";
import { connectPostgresql, mapPostgresqlError, type PostgresqlConfig } from "./postgresql-config";
import { postgresqlTypeToNeutral } from "./postgresql-type-system";

// Hologres' own schemas next to PostgreSQL's: nothing a user would read from.
const SYSTEM_SCHEMAS = ["pg_catalog", "information_schema", "hologres", "hologres_statistic", "hg_internal"];
const INTEGER_TYPES = ["smallint", "integer", "bigint"];

async function withClient<T>(config: PostgresqlConfig, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connectPostgresql(config);
  try {
    return await run(client);
  } catch (error) {
    throw mapPostgresqlError(error, config);
  } finally {
    await client.end().catch(() => {});
  }
}

/** `orders` reads as `public.orders`, as the reader resolves it. */
const displayName = (schema: string, table: string) => `${schema}.${table}`;

/**
 * Tables (schema.table), columns with split keys, and previews for the wizard's source
 * panel, for PostgreSQL and Hologres data sources alike. A child partition is not listed:
 * reading its parent reads it (with a where on the partition column to read one).
 */
export const postgresqlCatalog: ConnectorCatalog<PostgresqlConfig> = {
  listTables: (config) =>
    withClient(config, async (client) => {
      const { rows } = await client.query<{ schema: string; table: string }>(
        `SELECT n.nspname AS schema, c.relname AS table
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relkind IN ('r', 'p', 'v', 'm') AND NOT c.relispartition
            AND n.nspname <> ALL($1::text[]) AND n.nspname NOT LIKE 'pg\\_%'
            AND has_table_privilege(c.oid, 'SELECT')
          ORDER BY n.nspname = 'public' DESC, n.nspname, c.relname`,
        [SYSTEM_SCHEMAS],
      );
      return rows.map((row) => displayName(row.schema, row.table));
    }),

  describeTable: (config, { table }) =>
    withClient(config, async (client): Promise<CatalogTable> => {
      const name = parseQualifiedName(table);
      const { rows } = await client.query<{ name: string; type: string; notnull: boolean; comment: string | null; primary: boolean; pk_columns: number }>(
        `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull,
                col_description(a.attrelid, a.attnum) AS comment,
                coalesce(a.attnum = ANY(pk.conkey), false) AS primary, coalesce(array_length(pk.conkey, 1), 0) AS pk_columns
           FROM pg_attribute a
           LEFT JOIN pg_constraint pk ON pk.conrelid = a.attrelid AND pk.contype = 'p'
          WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
          ORDER BY a.attnum`,
        [quoteQualifiedName(name)],
      );
      if (rows.length === 0) throw new SyncError("SOURCE_TABLE_NOT_FOUND", `table: there is no table ${name.schema}.${name.table} (or it has no columns): check the name.`);
      const integers = rows.filter((c) => INTEGER_TYPES.includes(c.type));
      // DataX splits on the primary key; other integer columns work, less evenly.
      const keyFirst = [...integers.filter((c) => c.primary && c.pk_columns === 1), ...integers.filter((c) => !(c.primary && c.pk_columns === 1))];
      return {
        name: displayName(name.schema, name.table),
        columns: rows.map((c) => ({ name: c.name, type: postgresqlTypeToNeutral(c.type, !c.notnull), comment: c.comment ?? "" })),
        splitKeys: keyFirst.map((c) => c.name),
        partitionColumns: [],
        primaryKey: rows.filter((c) => c.primary).map((c) => c.name),
      };
    }),

  preview: (config, { table, querySql, where, limit }) =>
    withClient(config, async (client): Promise<CatalogPreview> => {
      let from: string;
      if (querySql?.trim()) {
        from = `(${querySql.trim().replace(/;\s*$/, "")}) AS synclane_preview`;
      } else {
        if (!table) throw new SyncError("INVALID_PARAMETER", "table: choose a table to preview.");
        from = `${quoteQualifiedName(parseQualifiedName(table))}${where?.trim() ? ` WHERE (${where.trim()})` : ""}`;
      }
      const { fields, rows, nativeTypes } = await readOnlySelect(client, `SELECT * FROM ${from} LIMIT ${Math.floor(limit)}`);
      return {
        columns: fields.map((field, i) => ({ name: field.name, type: engineTypeText(postgresqlTypeToNeutral(nativeTypes[i]!)), nativeType: nativeTypes[i]! })),
        rows,
      };
    }),

  describeQuery: (config, { querySql }) =>
    withClient(config, async (client) => {
      // LIMIT 0: the server plans the query and sends its row description, no rows.
      try {
        const { fields, nativeTypes } = await readOnlySelect(client, `SELECT * FROM (${querySql.trim().replace(/;\s*$/, "")}) AS synclane_describe LIMIT 0`);
        return fields.map((field, i) => ({ name: field.name, type: postgresqlTypeToNeutral(nativeTypes[i]!), comment: "" }));
      } catch (error) {
        // Syntax, unknown names (42), bad values (22), writes refused (25, 0A): the querySql's fault.
        const sqlState = (error as { code?: unknown }).code;
        if (typeof sqlState !== "string" || !/^(42|22|25|0A)/.test(sqlState)) throw error;
        throw new SyncError("SOURCE_QUERY_INVALID", `querySql: the server cannot describe its result: ${(error as Error).message}`, { cause: error });
      }
    }),
};

/**
 * Runs a SELECT holding the user's text in a read-only transaction with a 15 s statement
 * timeout; every value comes back as the server's own text (what the reader's COPY hands
 * on), with each column's native type text.
 */
async function readOnlySelect(client: pg.Client, text: string) {
  await client.query("BEGIN READ ONLY; SET LOCAL statement_timeout = '15s'");
  try {
    // The extended protocol runs exactly one statement: nothing hidden after a `;` runs.
    const result = await client.query({
      text,
      values: [],
      rowMode: "array",
      types: { getTypeParser: () => (value: string) => value },
      ...{ queryMode: "extended" },
    });
    const types = await client.query<{ t: string }>("SELECT format_type(f.oid, f.mod) AS t FROM unnest($1::oid[], $2::int[]) WITH ORDINALITY AS f(oid, mod, n) ORDER BY n", [
      result.fields.map((f) => f.dataTypeID),
      result.fields.map((f) => f.dataTypeModifier),
    ]);
    return {
      fields: result.fields,
      rows: (result.rows as Array<Array<string | null>>).map((row) => row.map((value) => (value === null ? null : String(value)))),
      nativeTypes: types.rows.map((row) => row.t),
    };
  } finally {
    await client.query("ROLLBACK").catch(() => {});
  }
}
