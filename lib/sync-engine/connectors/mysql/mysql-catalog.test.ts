import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMysqlTestDatabase } from "../../testing/mysql-test-database";
import { createMysqlCatalog, MYSQL_PREVIEW_TIMEOUT_MS, mysqlCatalog } from "./mysql-catalog";
import { selectWithTimeout } from "./mysql-statement-timeout";

/** The source panel's MySQL catalog against the real MariaDB. */

let source: Awaited<ReturnType<typeof createMysqlTestDatabase>>;

beforeAll(async () => {
  source = await createMysqlTestDatabase("catalog");
  await source.admin.query("CREATE TABLE orders (id BIGINT UNSIGNED PRIMARY KEY, k INT, amount DECIMAL(12,2)); INSERT INTO orders VALUES (1, 10, 1.50), (2, 20, 2.25)");
  await source.admin.query("CREATE TABLE audit (n INT)");
  // A function that writes: what a querySql could call if Preview did not stop it.
  await source.admin.query("CREATE FUNCTION bump() RETURNS INT MODIFIES SQL DATA BEGIN INSERT INTO audit VALUES (1); RETURN 1; END");
});

afterAll(async () => {
  await source?.drop();
});

describe("MySQL catalog", () => {
  it("describes columns, the primary key first among the split keys, and previews with native types", async () => {
    const table = await mysqlCatalog.describeTable(source.config, { table: "orders" });
    expect(table.primaryKey).toEqual(["id"]);
    expect(table.splitKeys).toEqual(["id", "k"]);
    const preview = await mysqlCatalog.preview(source.config, { table: "orders", where: "k > 10", limit: 20 });
    expect(preview.rows).toEqual([["2", "20", "2.25"]]);
    expect(preview.columns.find((c) => c.name === "amount")).toEqual({ name: "amount", type: "decimal(12,2)", nativeType: "decimal(12,2)" });
  });

  it("previews in a read-only transaction: a querySql calling a function that writes is refused and writes nothing", async () => {
    await expect(mysqlCatalog.preview(source.config, { querySql: "SELECT bump() AS b", limit: 20 })).rejects.toThrow(/READ ONLY transaction/);
    const [rows] = await source.admin.query("SELECT count(*) AS n FROM audit");
    expect((rows as Array<{ n: number }>)[0]!.n).toBe(0);
  });
});

describe("MySQL catalog preview time limit", () => {
  it("stops a slow preview at the limit with an error naming the field and the limit, on the real server", async () => {
    const catalog = createMysqlCatalog({ previewTimeoutMs: 1000 });
    await expect(catalog.preview(source.config, { querySql: "SELECT SLEEP(30) AS s", limit: 20 })).rejects.toThrow(
      "querySql: the preview took longer than its 1 s limit and was stopped",
    );
    // The limit stops only slow statements: a quick preview with the same limit still works.
    const preview = await catalog.preview(source.config, { table: "orders", limit: 20 });
    expect(preview.rows).toHaveLength(2);
  });

  it("writes the limit as MariaDB's SET STATEMENT or MySQL's optimizer hint", () => {
    const select = "SELECT * FROM `shop`.`orders` LIMIT 20";
    expect(selectWithTimeout(select, { flavour: "mariadb", timeoutMs: 15_000 })).toBe("SET STATEMENT max_statement_time=15 FOR SELECT * FROM `shop`.`orders` LIMIT 20");
    expect(selectWithTimeout(select, { flavour: "mysql", timeoutMs: 15_000 })).toBe("SELECT /*+ MAX_EXECUTION_TIME(15000) */ * FROM `shop`.`orders` LIMIT 20");
    expect(MYSQL_PREVIEW_TIMEOUT_MS).toBe(15_000);
  });
});
