import { quoteMysqlIdentifier } from "../../sql-identifier";
import { SyncError } from "../../sync-error";
import { engineTypeText } from "../neutral-column-type";
import type { CatalogPreview, CatalogTable, ConnectorCatalog } from "../connector";
import { connectMysql, isMysqlConnectionLost, mapMysqlError, type MysqlConfig } from "./mysql-config";
import { detectMysqlFlavour, isMysqlStatementTimeout, selectWithTimeout } from "./mysql-statement-timeout";
import { parseMysqlTableName, readMysqlTableColumns } from "./mysql-table-columns";
import { mysqlColumnToNeutral, mysqlFieldToNeutral } from "./mysql-type-system";

type MysqlConnection = Awaited<ReturnType<typeof connectMysql>>;
type MysqlField = Parameters<typeof mysqlFieldToNeutral>[0];

async function withConnection<T>(config: MysqlConfig, run: (connection: MysqlConnection) => Promise<T>): Promise<T> {
  const connection = await connectMysql(config);
  try {
    return await run(connection);
  } catch (error) {
    throw mapMysqlError(error, config);
  } finally {
    connection.destroy();
  }
}

const display = (value: unknown): string | null => (value === null || value === undefined ? null : Buffer.isBuffer(value) ? `0x${value.toString("hex")}` : String(value));

/** As PostgreSQL's Preview: a querySql or where that scans a big table must not hold the panel (and a server connection) for minutes. */
export const MYSQL_PREVIEW_TIMEOUT_MS = 15_000;

/** Tables, columns with split keys, and previews for the wizard's source panel; `previewTimeoutMs` is set by tests. */
export function createMysqlCatalog({ previewTimeoutMs = MYSQL_PREVIEW_TIMEOUT_MS }: { previewTimeoutMs?: number } = {}): ConnectorCatalog<MysqlConfig> {
  /**
   * A user's SELECT in a READ ONLY transaction (a querySql calling a function that writes is
   * refused), stopped by the server after `previewTimeoutMs`; `field` is what the user wrote.
   */
  async function readOnlySelect(connection: MysqlConnection, sql: string, field: string): Promise<[unknown[][], MysqlField[]]> {
    const flavour = await detectMysqlFlavour(connection);
    await connection.promise().query("START TRANSACTION READ ONLY");
    try {
      const [rows, fields] = await connection.promise().query(selectWithTimeout(sql, { flavour, timeoutMs: previewTimeoutMs }));
      return [rows as unknown[][], fields as MysqlField[]];
    } catch (error) {
      if (!isMysqlStatementTimeout(error)) throw error;
      throw new SyncError(
        "SOURCE_READ_FAILED",
        `${field}: the preview took longer than its ${previewTimeoutMs / 1000} s limit and was stopped: narrow the ${field} (fewer rows scanned, an indexed column) to preview it.`,
        { cause: error },
      );
    } finally {
      await connection.promise().query("ROLLBACK").catch(() => {});
    }
  }

  return {
    listTables: (config) =>
      withConnection(config, async (connection) => {
        const [rows] = await connection
          .promise()
          .query("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE IN ('BASE TABLE', 'VIEW') ORDER BY TABLE_NAME", [config.database]);
        return (rows as string[][]).map((row) => String(row[0]));
      }),

    describeTable: (config, { table }) =>
      withConnection(config, async (connection): Promise<CatalogTable> => {
        const name = parseMysqlTableName(table, config.database);
        const columns = await readMysqlTableColumns(connection, name);
        const [keys] = await connection
          .promise()
          .query("SELECT COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION", [name.database, name.table]);
        const primary = (keys as string[][]).map((row) => String(row[0]));
        const neutral = columns.map((column) => ({ name: column.name, type: mysqlColumnToNeutral(column), comment: "" }));
        const integers = neutral.filter((c) => c.type.kind === "integer" && !/^bit/i.test(c.type.nativeType)).map((c) => c.name);
        // DataX splits on the primary key; other integer columns work, less evenly.
        const splitKeys = [...integers.filter((c) => primary.length === 1 && primary[0] === c), ...integers.filter((c) => !(primary.length === 1 && primary[0] === c))];
        return { name: name.table, columns: neutral, splitKeys, partitionColumns: [], primaryKey: primary };
      }),

    preview: (config, { table, querySql, where, limit }) =>
      withConnection(config, async (connection): Promise<CatalogPreview> => {
        let sql: string;
        if (querySql?.trim()) {
          sql = `SELECT * FROM (${querySql.trim().replace(/;\s*$/, "")}) AS synclane_preview LIMIT ${Math.floor(limit)}`;
        } else {
          if (!table) throw new SyncError("INVALID_PARAMETER", "table: choose a table to preview.");
          const name = parseMysqlTableName(table, config.database);
          sql = `SELECT * FROM ${quoteMysqlIdentifier(name.database)}.${quoteMysqlIdentifier(name.table)}${where?.trim() ? ` WHERE (${where.trim()})` : ""} LIMIT ${Math.floor(limit)}`;
        }
        const field = querySql?.trim() ? "querySql" : where?.trim() ? "where" : "table";
        const [rows, fields] = await readOnlySelect(connection, sql, field);
        return {
          columns: fields.map((field) => {
            const type = mysqlFieldToNeutral(field);
            return { name: field.name, type: engineTypeText(type), nativeType: type.nativeType };
          }),
          rows: rows.map((row) => row.map(display)),
        };
      }),

    describeQuery: (config, { querySql }) =>
      withConnection(config, async (connection) => {
        // LIMIT 0: the server plans the query and sends its result's column definitions, no rows.
        const sql = `SELECT * FROM (${querySql.trim().replace(/;\s*$/, "")}) AS synclane_describe LIMIT 0`;
        try {
          const [, fields] = await readOnlySelect(connection, sql, "querySql");
          return fields.map((field) => ({ name: field.name, type: mysqlFieldToNeutral(field), comment: "" }));
        } catch (error) {
          if (error instanceof SyncError || isMysqlConnectionLost(error)) throw error;
          const said = (error as { sqlMessage?: string }).sqlMessage ?? String(error);
          throw new SyncError("SOURCE_QUERY_INVALID", `querySql: MySQL cannot describe its result: ${said}`, { cause: error });
        }
      }),
  };
}

export const mysqlCatalog = createMysqlCatalog();
