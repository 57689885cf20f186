import type { LocalColumn, LocalMaxComputeCatalog } from "./local-maxcompute-catalog";

/** The guide's `bank_data` DDL, verbatim ("Import data from MaxCompute to Hologres", step 1). */
export const BANK_DATA_DDL = `CREATE TABLE IF NOT EXISTS bank_data
(
    age            BIGINT COMMENT 'Age',
    job            STRING COMMENT 'Job type',
    marital        STRING COMMENT 'Marital status',
    education      STRING COMMENT 'Education level',
    creditcard     STRING COMMENT 'Credit card available or not',
    housing        STRING COMMENT 'Mortgage',
    loan           STRING COMMENT 'Loan',
    contact        STRING COMMENT 'Contact',
    month          STRING COMMENT 'Month',
    day_of_week    STRING COMMENT 'Day of the week',
    duration       STRING COMMENT 'Duration',
    campaign       BIGINT COMMENT 'Number of contacts during the campaign',
    pdays          DOUBLE COMMENT 'Time elapsed since the last contact',
    previous       DOUBLE COMMENT 'Number of contacts with the customer',
    poutcome       STRING COMMENT 'Result of the previous marketing campaign',
    emp_var_rate   DOUBLE COMMENT 'Employment change rate',
    cons_price_idx DOUBLE COMMENT 'Consumer price index',
    cons_conf_idx  DOUBLE COMMENT 'Consumer confidence index',
    euribor3m      DOUBLE COMMENT 'Euro deposit rate',
    nr_employed    DOUBLE COMMENT 'Number of employees',
    y              BIGINT COMMENT 'Time deposit available or not'
) ;`;

/** The guide's `odps_table` DDL. */
export const ODPS_TABLE_DDL = `CREATE TABLE IF NOT EXISTS odps_table
(
    shop_name     STRING,
    customer_id   STRING,
    total_price   INT
)
PARTITIONED BY (sale_date STRING, sale_time STRING);`;

export const BANK_DATA_COLUMNS: LocalColumn[] = [
  ["age", "bigint", "Age"],
  ["job", "string", "Job type"],
  ["marital", "string", "Marital status"],
  ["education", "string", "Education level"],
  ["creditcard", "string", "Credit card available or not"],
  ["housing", "string", "Mortgage"],
  ["loan", "string", "Loan"],
  ["contact", "string", "Contact"],
  ["month", "string", "Month"],
  ["day_of_week", "string", "Day of the week"],
  ["duration", "string", "Duration"],
  ["campaign", "bigint", "Number of contacts during the campaign"],
  ["pdays", "double", "Time elapsed since the last contact"],
  ["previous", "double", "Number of contacts with the customer"],
  ["poutcome", "string", "Result of the previous marketing campaign"],
  ["emp_var_rate", "double", "Employment change rate"],
  ["cons_price_idx", "double", "Consumer price index"],
  ["cons_conf_idx", "double", "Consumer confidence index"],
  ["euribor3m", "double", "Euro deposit rate"],
  ["nr_employed", "double", "Number of employees"],
  ["y", "bigint", "Time deposit available or not"],
].map(([name, type, comment]) => ({ name, type, comment }));

/** One bank_data row, in column order, with values as the connector reads them back. */
export type BankDataRow = [
  bigint, string, string, string, string, string, string, string, string, string, string,
  bigint, number, number, string, number, number, number, number, number, bigint,
];

const JOBS = ["admin.", "blue-collar", "technician", "services", "management", "retired", "entrepreneur", "self-employed", "housemaid", "unemployed", "student", "unknown"];
const JOB_WEIGHTS = [25, 22, 16, 10, 7, 4, 3.5, 3.5, 2.6, 2.5, 2.1, 0.8];
const MARITAL = ["married", "single", "divorced", "unknown"];
const MARITAL_WEIGHTS = [60, 28, 11, 0.2];
const EDUCATION = ["university.degree", "high.school", "basic.9y", "professional.course", "basic.4y", "basic.6y", "unknown", "illiterate"];
const EDUCATION_WEIGHTS = [29.5, 23, 14.7, 12.7, 10, 5.6, 4.2, 0.05];
const DAYS = ["mon", "tue", "wed", "thu", "fri"];
// Campaign periods of the UCI data set: month and the socio-economic indicators of that month.
const PERIODS: [string, number, number, number, number, number, number][] = [
  // month, weight, emp_var_rate, cons_price_idx, cons_conf_idx, euribor3m, nr_employed
  ["may", 33, 1.1, 93.994, -36.4, 4.857, 5191.0],
  ["jul", 17, 1.4, 93.918, -42.7, 4.962, 5228.1],
  ["aug", 15, 1.4, 93.444, -36.1, 4.964, 5228.1],
  ["jun", 13, 1.4, 94.465, -41.8, 4.866, 5228.1],
  ["nov", 10, -0.1, 93.2, -42.0, 4.076, 5195.8],
  ["apr", 6.4, -1.8, 93.075, -47.1, 1.405, 5099.1],
  ["oct", 1.7, -3.4, 92.431, -26.9, 0.754, 5017.5],
  ["sep", 1.4, -3.4, 92.379, -29.8, 0.788, 5017.5],
  ["mar", 1.3, -1.8, 92.843, -50.0, 1.531, 5099.1],
  ["dec", 0.4, -3.0, 92.713, -33.0, 0.715, 5023.5],
];
const PERIOD_WEIGHTS = PERIODS.map((p) => p[1]);

/** A small, fast, seedable PRNG (mulberry32) so every row is a pure function of its index. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(items: T[], weights: number[], r: number): T {
  const total = weights.reduce((a, b) => a + b, 0);
  let x = r * total;
  for (let i = 0; i < items.length; i++) {
    x -= weights[i];
    if (x < 0) return items[i];
  }
  return items[items.length - 1];
}

/** Row `index` of the deterministic bank marketing data (same index, same row, always). */
export function bankDataRow(index: number): BankDataRow {
  const r = rng(Math.imul(index + 1, 0x9e3779b1) ^ 0x5bd1e995);
  const job = pick(JOBS, JOB_WEIGHTS, r());
  const baseAge = job === "student" ? 18 + r() * 12 : job === "retired" ? 55 + r() * 35 : 24 + r() * 34 + r() * 8;
  const age = Math.round(baseAge);
  const marital = age < 24 && r() < 0.8 ? "single" : pick(MARITAL, MARITAL_WEIGHTS, r());
  const education = pick(EDUCATION, EDUCATION_WEIGHTS, r());
  const creditcard = r() < 0.79 ? "no" : r() < 0.999 ? "unknown" : "yes";
  const h = r();
  const housing = h < 0.524 ? "yes" : h < 0.976 ? "no" : "unknown";
  const l = r();
  const loan = l < 0.824 ? "no" : l < 0.976 ? "yes" : "unknown";
  const period = pick(PERIODS, PERIOD_WEIGHTS, r());
  const contact = period[0] === "may" || period[0] === "jun" ? (r() < 0.6 ? "telephone" : "cellular") : r() < 0.85 ? "cellular" : "telephone";
  const dayOfWeek = DAYS[Math.floor(r() * 5)];
  // Call durations are long-tailed: most calls are a few minutes, some last half an hour.
  const duration = Math.max(0, Math.round(-Math.log(1 - r() * 0.999) * 250));
  const campaign = Math.min(56, 1 + Math.floor(-Math.log(1 - r() * 0.999) * 1.6));
  const contactedBefore = r() < 0.037;
  const pdays = contactedBefore ? Math.floor(r() * 27) : 999;
  const previous = contactedBefore ? 1 + Math.floor(r() * 3) : r() < 0.1 ? 1 : 0;
  const poutcome = previous === 0 ? "nonexistent" : contactedBefore && r() < 0.65 ? "success" : "failure";
  // Subscriptions follow the call length and the previous outcome, as in the real data.
  const p = Math.min(0.9, 0.03 + duration / 2500 + (poutcome === "success" ? 0.5 : 0) + (period[2] < 0 ? 0.12 : 0));
  const y = r() < p ? 1n : 0n;
  return [
    BigInt(age), job, marital, education, creditcard, housing, loan, contact, period[0], dayOfWeek, String(duration),
    BigInt(campaign), pdays, previous, poutcome, period[2], period[3], period[4], period[5], period[6], y,
  ];
}

/** Rows [start, start + n) of the deterministic bank data, lazily (memory stays flat for any n). */
export function* iterateBankDataRows(n: number, start = 0): Generator<BankDataRow> {
  for (let i = start; i < start + n; i++) yield bankDataRow(i);
}

/** The first `n` rows of the deterministic bank data as an array (use iterateBankDataRows for millions). */
export function generateBankDataRows(n: number, start = 0): BankDataRow[] {
  return [...iterateBankDataRows(n, start)];
}

/** "yyyymmdd" of a day `offset` days from `today` (UTC dates). */
export function yyyymmdd(today: Date, offset: number): string {
  const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + offset));
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, "0")}${String(d.getUTCDate()).padStart(2, "0")}`;
}

const SALE_TIMES = ["09", "14", "20"];
const SHOPS = ["hangzhou_xihu", "shanghai_pudong", "beijing_chaoyang", "shenzhen_nanshan", "chengdu_jinjiang", "wuhan_jianghan"];

/** Deterministic rows of one odps_table partition. */
export function odpsTableRows(saleDate: string, saleTime: string): [string, string, number][] {
  const r = rng(Number(saleDate) * 31 + Number(saleTime));
  const count = 40 + Math.floor(r() * 80);
  const rows: [string, string, number][] = [];
  for (let i = 0; i < count; i++) {
    rows.push([SHOPS[Math.floor(r() * SHOPS.length)], `c${String(Math.floor(r() * 100000)).padStart(6, "0")}`, 5 + Math.floor(r() * 995)]);
  }
  return rows;
}

export const ALL_TYPES_COLUMNS: LocalColumn[] = [
  ["id", "int", "Row number"],
  ["c_tinyint", "tinyint", "TINYINT"],
  ["c_smallint", "smallint", "SMALLINT"],
  ["c_int", "int", "INT"],
  ["c_bigint", "bigint", "BIGINT, exact beyond 2^53"],
  ["c_float", "float", "FLOAT"],
  ["c_double", "double", "DOUBLE"],
  ["c_decimal", "decimal(38,18)", "DECIMAL(38,18), exact text"],
  ["c_varchar", "varchar(20)", "VARCHAR(20)"],
  ["c_char", "char(10)", "CHAR(10)"],
  ["c_string", "string", "STRING"],
  ["c_binary", "binary", "BINARY"],
  ["c_boolean", "boolean", "BOOLEAN"],
  ["c_date", "date", "DATE"],
  ["c_datetime", "datetime", "DATETIME (UTC instant)"],
  ["c_timestamp", "timestamp", "TIMESTAMP with nanoseconds (UTC)"],
  ["c_array_bigint", "array<bigint>", "ARRAY<BIGINT>"],
  ["c_array_string", "array<string>", "ARRAY<STRING>"],
].map(([name, type, comment]) => ({ name, type, comment }));

/** all_types rows: edge values, NULLs, empty vs NULL strings, multi-byte text, old dates. */
export function allTypesRows(): unknown[][] {
  return [
    [1, -128, -32768, -2147483648, -9223372036854775808n, -3.4028234663852886e38, -1.7976931348623157e308,
      "-99999999999999999999.999999999999999999", "", "", "", Buffer.alloc(0), false,
      "0001-01-01", "0001-01-01 00:00:00", "0001-01-01 00:00:00.000000000", [], []],
    [2, 127, 32767, 2147483647, 9223372036854775807n, 3.4028234663852886e38, 1.7976931348623157e308,
      "99999999999999999999.999999999999999999", "中文字符", "ünï", "emoji 🎉 and 日本語 text", Buffer.from([0, 1, 2, 253, 254, 255]), true,
      "9999-12-31", "9999-12-31 23:59:59.999", "9999-12-31 23:59:59.999999999",
      [9007199254740993n, null, -9223372036854775808n], ["a", null, "", "Ünïcödé ✓"]],
    [3, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null],
    [4, 0, 0, 0, 0n, 0, 0, "0.000000000000000001", "plain", "x", "tab\tnew\nline \"quoted\" 'single'", Buffer.from("bytes"), true,
      "1969-07-20", "1969-07-20 20:17:40", "1969-12-31 23:59:59.123456789", [0n, 1n], [null]],
    [5, 1, -1, 42, 9007199254740992n, 1.5, Math.PI, "3.141592653589793238", "varchar", "char", "1900-01-01 is a date before 1970", Buffer.from("ÿ", "latin1"), false,
      "1900-01-01", "1900-01-01 00:00:00", "2026-11-25 12:34:56.000000001", [], ["only"]],
  ];
}

export type DemoTablesReport = { created: string[]; partitionsAdded: string[] };

/**
 * Creates the demo tables of the guide once (idempotent): bank_data (40,000 rows by
 * default), odps_table (three sale_time partitions for each of the last 7 days, topped up
 * on every call so `sale_date=<yesterday>` always matches), all_types, complex_types.
 */
export async function ensureDemoTables(
  target: LocalMaxComputeCatalog | { catalog: LocalMaxComputeCatalog },
  { today = new Date(), bankDataRows = 40_000, days = 7 }: { today?: Date; bankDataRows?: number; days?: number } = {},
): Promise<DemoTablesReport> {
  const catalog = "catalog" in target ? target.catalog : target;
  const report: DemoTablesReport = { created: [], partitionsAdded: [] };

  const bank = await catalog.createTable({ name: "bank_data", columns: BANK_DATA_COLUMNS, ifNotExists: true });
  if (bank.created || (await catalog.totalRowCount("bank_data")) === 0) {
    await catalog.insertRows({ table: "bank_data", rows: iterateBankDataRows(bankDataRows) });
    report.created.push("bank_data");
  }

  const odps = await catalog.createTable({
    name: "odps_table",
    columns: [
      { name: "shop_name", type: "string", comment: "" },
      { name: "customer_id", type: "string", comment: "" },
      { name: "total_price", type: "int", comment: "" },
    ],
    partitionColumns: [
      { name: "sale_date", type: "string", comment: "" },
      { name: "sale_time", type: "string", comment: "" },
    ],
    ifNotExists: true,
  });
  if (odps.created) report.created.push("odps_table");
  for (let offset = -(days - 1); offset <= 0; offset++) {
    const saleDate = yyyymmdd(today, offset);
    for (const saleTime of SALE_TIMES) {
      const spec = `sale_date=${saleDate},sale_time=${saleTime}`;
      if (await catalog.partitionExists("odps_table", spec)) continue;
      await catalog.insertRows({ table: "odps_table", partition: spec, rows: odpsTableRows(saleDate, saleTime) });
      report.partitionsAdded.push(spec);
    }
  }

  const allTypes = await catalog.createTable({
    name: "all_types",
    columns: ALL_TYPES_COLUMNS,
    comment: "One column of every type the connector reads, with NULLs and edge values",
    ifNotExists: true,
  });
  if (allTypes.created) {
    await catalog.insertRows({ table: "all_types", rows: allTypesRows() });
    report.created.push("all_types");
  }

  const complex = await catalog.createTable({
    name: "complex_types",
    columns: [
      { name: "id", type: "int", comment: "" },
      { name: "c_map", type: "map<string,bigint>", comment: "MAP: read only as JSON text" },
      { name: "c_struct", type: "struct<name:string,tags:array<string>>", comment: "STRUCT: read only as JSON text" },
    ],
    comment: "MAP and STRUCT columns, which Synclane reads only as JSON text",
    ifNotExists: true,
  });
  if (complex.created) {
    await catalog.insertRows({
      table: "complex_types",
      rows: [
        [1, { a: 1n, b: 9223372036854775807n }, { name: "tom", tags: ["x", "y"] }],
        [2, null, { name: null, tags: [] }],
      ],
    });
    report.created.push("complex_types");
  }
  return report;
}
