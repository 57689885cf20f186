import type { RdbmsReaderParameter } from "../../rdbms/rdbms-reader-parameter";
import type { Connector } from "../connector";
import { mysqlCatalog } from "./mysql-catalog";
import { connectMysql, mysqlConfigSchema, type MysqlConfig } from "./mysql-config";
import { createMysqlReader } from "./mysql-reader";
import { mysqlSpec } from "./mysql-spec";
import { mysqlColumnToNeutral } from "./mysql-type-system";

export const mysqlConnector: Connector<MysqlConfig> = {
  spec: mysqlSpec,
  parseConfig: (config) => mysqlConfigSchema.parse(config),
  createReader: ({ parameter, config, columns }) => createMysqlReader({ config, parameter: parameter as RdbmsReaderParameter, columns }),
  toNeutralType: (nativeType) => {
    // `decimal(65,30)`, `varchar(40)`, `bit(5)`: the numbers are precision and scale, or the length.
    const size = /\((\d+)(?:,\s*(\d+))?\)/.exec(nativeType);
    const first = size ? Number(size[1]) : null;
    return mysqlColumnToNeutral({
      name: "",
      dataType: nativeType.replace(/[\s(].*$/s, ""),
      columnType: nativeType,
      precision: first,
      scale: size?.[2] ? Number(size[2]) : size ? 0 : null,
      length: first,
      nullable: true,
      json: false,
    });
  },
  async testConnection(config) {
    try {
      const connection = await connectMysql(config);
      try {
        const [rows] = await connection.promise().query("SELECT VERSION()");
        const version = String((rows as string[][])[0]?.[0] ?? "");
        return { ok: true, message: `Connected to ${/mariadb/i.test(version) ? "MariaDB" : "MySQL"} ${version.replace(/-.*$/, "")}.`, warning: null };
      } finally {
        connection.destroy();
      }
    } catch (error) {
      return { ok: false, message: (error as Error).message, warning: null };
    }
  },
  catalog: mysqlCatalog,
};
