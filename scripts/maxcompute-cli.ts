/**
 * npm run maxcompute -- <command> ...
 * Manages the local MaxCompute-compatible service's tables and serves it. See usage().
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import {
  DEFAULT_DATA_DIR,
  ensureDemoTables,
  LocalCatalogError,
  LocalMaxComputeCatalog,
  startLocalMaxCompute,
} from "../lib/maxcompute-local";
import { DdlSyntaxError, executeMaxComputeDdl } from "../lib/maxcompute-local/maxcompute-ddl";
import { loadOrCreateMaxComputeCredentials, stateDir } from "./support/local-state";

const root = path.resolve(import.meta.dirname, "..");

function usage(): string {
  return `Local MaxCompute service: tables, partitions, data, and the server itself.

Usage: npm run maxcompute -- <command> [options]

Commands:
  sql "<DDL>"                 Run MaxCompute DDL (several statements separated by ;):
                                CREATE TABLE [IF NOT EXISTS] t (col type [COMMENT '...'], ...)
                                  [COMMENT '...'] [PARTITIONED BY (col type, ...)] [LIFECYCLE n]
                                DROP TABLE [IF EXISTS] t
                                ALTER TABLE t ADD [IF NOT EXISTS] PARTITION (k='v', ...)
                                ALTER TABLE t DROP [IF EXISTS] PARTITION (k='v', ...)
  sql -f file.sql             Run the DDL in a file (- reads standard input)
  add-partition <table> <spec>     e.g. add-partition odps_table 'sale_date=20261123,sale_time=10'
  drop-partition <table> <spec>    A spec is key=value pairs separated by , or /; a quoted value
                              ('...' or "...", with \\' \\r \\n \\\\ escapes) is taken exactly,
                              a bare one is trimmed. Values are refused at load time unless
                              MaxCompute accepts them: letters, digits, spaces and : _ $ # . ! @,
                              at most 128 bytes (see lib/maxcompute-local/README.md).
  load --table <t> [--partition <spec>] [--delimiter ,] <file.csv>
                              Append a CSV file (RFC 4180; a header line naming the columns is
                              skipped; \\N or an unquoted empty field is NULL, except that an
                              empty STRING field is ""). DATETIME/TIMESTAMP text is read as UTC.
  list [table]                Tables with row counts and partitions (or one table's columns)
  drop table <t>  |  drop-table <t>
  demo                        Create the demo tables (bank_data, odps_table, all_types, complex_types)
  serve [--port 8110] [--host 127.0.0.1] [--demo]
                              Serve the ODPS endpoint (/api) and Tunnel (/tunnel); prints the
                              endpoints and the AccessKey pair

Options:
  --data-dir <dir>            Data folder (default ${DEFAULT_DATA_DIR}, or $SYNCLANE_STATE_DIR/maxcompute)
  -h, --help                  This text

The data folder is locked while "npm start" or "serve" runs: stop it before changing tables here.`;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      "data-dir": { type: "string" },
      table: { type: "string", short: "t" },
      partition: { type: "string", short: "p" },
      delimiter: { type: "string" },
      file: { type: "string", short: "f" },
      port: { type: "string" },
      host: { type: "string" },
      demo: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command || command === "help") {
    console.log(usage());
    return command || values.help ? 0 : 1;
  }
  const state = stateDir(root);
  const dataDir = path.resolve(values["data-dir"] ?? path.join(state, "maxcompute"));

  if (command === "serve") {
    const credentials = loadOrCreateMaxComputeCredentials(state);
    const service = await startLocalMaxCompute({
      dataDir,
      port: Number(values.port ?? process.env.SYNCLANE_MAXCOMPUTE_PORT ?? 8110),
      host: values.host ?? "127.0.0.1",
      ...credentials,
    });
    if (values.demo) await ensureDemoTables(service);
    console.log(`Local MaxCompute service (data in ${dataDir})`);
    console.log(`  ODPS endpoint:     ${service.endpoint}`);
    console.log(`  Tunnel endpoint:   ${service.tunnelEndpoint}`);
    console.log(`  Project:           ${credentials.project}`);
    console.log(`  AccessKey ID:      ${credentials.accessKeyId}`);
    console.log(`  AccessKey secret:  ${credentials.accessKeySecret}`);
    console.log("Press Ctrl+C to stop.");
    await new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    await service.close();
    return 0;
  }

  const catalog = await LocalMaxComputeCatalog.open({ dataDir });
  try {
    switch (command) {
      case "sql": {
        let sql = rest.join(" ");
        if (values.file) sql = readFileSync(values.file === "-" ? 0 : values.file, "utf8");
        if (!sql.trim()) throw new UsageError('Give the DDL as an argument (sql "CREATE TABLE ...") or a file (sql -f file.sql).');
        for (const line of await executeMaxComputeDdl(catalog, sql)) console.log(line);
        return 0;
      }
      case "add-partition":
      case "drop-partition": {
        const [table, spec] = rest;
        if (!table || !spec) throw new UsageError(`Usage: ${command} <table> '<key>=<value>[,<key>=<value>]'`);
        if (command === "add-partition") {
          const { created, spec: text } = await catalog.addPartition(table, spec);
          console.log(created ? `Added partition ${text} to ${table}.` : `Partition ${text} already exists.`);
        } else {
          const { spec: text } = await catalog.dropPartition(table, spec);
          console.log(`Dropped partition ${text} of ${table} and its rows.`);
        }
        return 0;
      }
      case "load": {
        const file = rest[0] ?? values.file;
        if (!values.table || !file) throw new UsageError("Usage: load --table <table> [--partition '<spec>'] <file.csv>");
        const started = Date.now();
        const { inserted, spec } = await catalog.loadCsv({ table: values.table, partition: values.partition, file, delimiter: values.delimiter });
        console.log(`Loaded ${inserted} rows into ${values.table}${spec ? ` partition ${spec}` : ""} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
        return 0;
      }
      case "list":
        await list(catalog, rest[0]);
        return 0;
      case "drop":
      case "drop-table": {
        const table = command === "drop" ? (rest[0]?.toLowerCase() === "table" ? rest[1] : undefined) : rest[0];
        if (!table) throw new UsageError("Usage: drop table <table>");
        await catalog.dropTable(table);
        console.log(`Dropped table ${table.toLowerCase()}.`);
        return 0;
      }
      case "demo": {
        const report = await ensureDemoTables(catalog);
        console.log(
          report.created.length || report.partitionsAdded.length
            ? `Created ${report.created.join(", ") || "no tables"}; added ${report.partitionsAdded.length} odps_table partitions.`
            : "The demo tables are already there.",
        );
        return 0;
      }
      default:
        throw new UsageError(`Unknown command "${command}".\n\n${usage()}`);
    }
  } finally {
    catalog.close();
  }
}

async function list(catalog: LocalMaxComputeCatalog, tableName?: string): Promise<void> {
  if (tableName) {
    const table = await catalog.requireTable(tableName);
    console.log(`${table.name}${table.comment ? `  -- ${table.comment}` : ""}`);
    for (const c of table.columns) console.log(`  ${c.name.padEnd(20)} ${c.type.padEnd(20)} ${c.comment}`);
    for (const c of table.partitionColumns) console.log(`  ${c.name.padEnd(20)} ${c.type.padEnd(20)} (partition) ${c.comment}`);
    for (const p of await catalog.listPartitions(table.name)) console.log(`  partition ${p.text}: ${p.rowCount} rows`);
    console.log(`  ${await catalog.totalRowCount(table.name)} rows in all`);
    warnUnreadable(table.name, await catalog.unreadablePartitions(table.name));
    return;
  }
  const tables = await catalog.listTables();
  if (tables.length === 0) {
    console.log('No tables yet. Create one with: npm run maxcompute -- sql "CREATE TABLE ..." (or: demo)');
    return;
  }
  for (const table of tables) {
    const partitions = await catalog.listPartitions(table.name);
    const rows = await catalog.totalRowCount(table.name);
    const shown = partitions.slice(0, 6).map((p) => `${p.text} (${p.rowCount})`);
    console.log(
      `${table.name.padEnd(24)} ${String(rows).padStart(10)} rows` +
        (table.partitionColumns.length
          ? `  ${partitions.length} partitions by ${table.partitionColumns.map((c) => c.name).join(", ")}: ${shown.join("; ")}${partitions.length > 6 ? "; ..." : ""}`
          : ""),
    );
    warnUnreadable(table.name, await catalog.unreadablePartitions(table.name));
  }
}

/** Partitions an earlier version stored under values MaxCompute refuses: listed nowhere else. */
function warnUnreadable(table: string, stored: string[]): void {
  for (const text of stored) {
    console.log(
      `  ! partition stored as ${JSON.stringify(text)} is not a valid MaxCompute partition (written by an earlier version) and is left out of listings; drop it with: npm run maxcompute -- drop-partition ${table} ${shellQuote(text)}`,
    );
  }
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}

class UsageError extends Error {}

main().then(
  (code) => process.exit(code),
  (error) => {
    if (error instanceof UsageError || error instanceof DdlSyntaxError || error instanceof LocalCatalogError) {
      console.error(`✖ ${error.message}`);
    } else {
      console.error(`✖ ${error instanceof Error ? error.message : String(error)}`);
    }
    process.exit(1);
  },
);
