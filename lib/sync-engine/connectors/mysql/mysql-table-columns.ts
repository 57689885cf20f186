import type mysql from "mysql2";
import { SyncError } from "../../sync-error";
import type { MysqlColumnInfo } from "./mysql-type-system";

/** `orders` (in the data source's database) or `shop.orders`. */
export function parseMysqlTableName(text: string, defaultDatabase: string): { database: string; table: string } {
  const trimmed = text.trim();
  const unquote = (part: string) => part.trim().replace(/^`(.*)`$/s, "$1").replace(/``/g, "`");
  const match = /^(`(?:[^`]|``)+`|[^.`]+)\.(`(?:[^`]|``)+`|[^.`]+)$/.exec(trimmed);
  if (match) return { database: unquote(match[1]!), table: unquote(match[2]!) };
  return { database: defaultDatabase, table: unquote(trimmed) };
}

type Row = Array<string | number | null>;

/** The table's columns in order, or SOURCE_TABLE_NOT_FOUND naming the `table` field. */
export async function readMysqlTableColumns(connection: mysql.Connection, options: { database: string; table: string }): Promise<MysqlColumnInfo[]> {
  const db = connection.promise();
  const [rows] = await db.query(
    "SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, NUMERIC_PRECISION, NUMERIC_SCALE, CHARACTER_MAXIMUM_LENGTH, IS_NULLABLE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION",
    [options.database, options.table],
  );
  const list = rows as Row[];
  if (list.length === 0) {
    throw new SyncError("SOURCE_TABLE_NOT_FOUND", `table: MySQL database "${options.database}" has no table "${options.table}": check the name (or write database.table).`);
  }
  const jsonColumns = await mariadbJsonColumns(connection, options);
  const number = (value: string | number | null) => (value === null ? null : Number(value));
  return list.map((row) => ({
    name: String(row[0]),
    dataType: String(row[1]),
    columnType: String(row[2]),
    precision: number(row[3]),
    scale: number(row[4]),
    length: number(row[5]),
    nullable: row[6] === "YES",
    json: jsonColumns.has(String(row[0])),
  }));
}

/** MariaDB's JSON is LONGTEXT with CHECK (json_valid(`col`)); MySQL has no TABLE_NAME there and a real JSON type. */
async function mariadbJsonColumns(connection: mysql.Connection, options: { database: string; table: string }): Promise<Set<string>> {
  try {
    const [rows] = await connection
      .promise()
      .query("SELECT CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME = ?", [options.database, options.table]);
    const names = new Set<string>();
    for (const row of rows as Row[]) {
      const match = /^json_valid\(`((?:[^`]|``)+)`\)$/i.exec(String(row[0]).trim());
      if (match) names.add(match[1]!.replace(/``/g, "`"));
    }
    return names;
  } catch {
    return new Set();
  }
}
