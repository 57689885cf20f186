import type pg from "pg";
import { quoteIdentifier } from "@/lib/sync-engine/sql-identifier";
import { CHAOS_COLUMNS, chaosOrderRows } from "./chaos-source";

const EXPECTED_TABLE = "chaos_expected";
const columnList = CHAOS_COLUMNS.map((column) => quoteIdentifier(column.name)).join(", ");

/**
 * Writes the source rows, computed from the same generator the source was loaded from, into
 * a table of the target database. Comparisons then run in SQL against it: an oracle that
 * owes nothing to the engine under test.
 */
export async function loadExpectedRows(client: pg.Client, rows: number): Promise<void> {
  await client.query(`DROP TABLE IF EXISTS ${quoteIdentifier(EXPECTED_TABLE)}`);
  await client.query(`CREATE TABLE ${quoteIdentifier(EXPECTED_TABLE)} (id int8, customer text, amount float8, note text)`);
  const batch: [string[], string[], number[], (string | null)[]] = [[], [], [], []];
  const flush = async () => {
    if (!batch[0].length) return;
    await client.query(`INSERT INTO ${quoteIdentifier(EXPECTED_TABLE)} SELECT * FROM unnest($1::int8[], $2::text[], $3::float8[], $4::text[])`, batch);
    for (const values of batch) values.length = 0;
  };
  for (const [id, customer, amount, note] of chaosOrderRows(rows)) {
    batch[0].push(String(id));
    batch[1].push(customer);
    batch[2].push(amount);
    batch[3].push(note);
    if (batch[0].length === 5_000) await flush();
  }
  await flush();
}

export type TargetComparison = {
  expectedRows: number;
  targetRows: number;
  /** Source rows the target lacks (counting duplicates). */
  missing: number;
  /** Target rows that are not source rows (duplicates included). */
  extra: number;
  equal: boolean;
};

/** Compares a target table with the source rows, as multisets of whole rows. */
export async function compareWithSource(client: pg.Client, table: string): Promise<TargetComparison> {
  const target = quoteIdentifier(table);
  const expected = quoteIdentifier(EXPECTED_TABLE);
  const { rows } = await client.query<{ expected_rows: string; target_rows: string; missing: string; extra: string }>(
    `SELECT (SELECT count(*) FROM ${expected}) AS expected_rows,
            (SELECT count(*) FROM ${target}) AS target_rows,
            (SELECT count(*) FROM (SELECT ${columnList} FROM ${expected} EXCEPT ALL SELECT ${columnList} FROM ${target}) m) AS missing,
            (SELECT count(*) FROM (SELECT ${columnList} FROM ${target} EXCEPT ALL SELECT ${columnList} FROM ${expected}) x) AS extra`,
  );
  const row = rows[0];
  const comparison = {
    expectedRows: Number(row.expected_rows),
    targetRows: Number(row.target_rows),
    missing: Number(row.missing),
    extra: Number(row.extra),
  };
  return { ...comparison, equal: comparison.missing === 0 && comparison.extra === 0 && comparison.expectedRows === comparison.targetRows };
}
