/**
 * Functions no console page may call, whatever the transaction: they reach outside the
 * tables (server files, other sessions, server settings, other databases, replication) or
 * write even inside a READ ONLY transaction (a READ ONLY transaction stops INSERT, UPDATE
 * and DDL, not a C function that signals a backend, reads a file or writes the catalog
 * itself). The rules match the function's own name, whatever schema it is written with
 * (`pg_catalog.PG_READ_FILE` is `pg_read_file`), as an exact name or a name prefix.
 *
 * A deny list is not a proof: a function created in the database by its owner is not on
 * it. It covers PostgreSQL's administrative, file, signalling, large-object, replication
 * and SQL-text-running functions, dblink and adminpack, and Hologres' documented
 * administrative procedures.
 */
type FunctionRule = { name: string; match: "exact" | "prefix"; does: string };

const rule = (match: FunctionRule["match"], does: string, ...names: string[]): FunctionRule[] => names.map((name) => ({ name, match, does }));

const rules: FunctionRule[] = [
  // Server files: pg_read_file, pg_read_binary_file, pg_ls_dir, pg_ls_logdir, pg_ls_waldir, ...
  ...rule("prefix", "reads files on the database server", "pg_read_"),
  ...rule("prefix", "lists files on the database server", "pg_ls_"),
  ...rule("exact", "reads file details on the database server", "pg_stat_file", "pg_current_logfile", "pg_logdir_ls"),
  // adminpack: pg_file_write, pg_file_rename, pg_file_unlink, pg_file_sync.
  ...rule("prefix", "writes files on the database server", "pg_file_"),
  // Large objects: lo_import and lo_export read and write server files; lo_create, lo_put,
  // lo_unlink, lo_from_bytea write large objects; loread and lowrite are the old names.
  ...rule("prefix", "reads or writes large objects and server files", "lo_"),
  ...rule("exact", "reads or writes large objects", "loread", "lowrite"),

  // Other sessions and the server itself.
  ...rule("exact", "ends other sessions", "pg_terminate_backend"),
  ...rule("exact", "cancels other sessions' statements", "pg_cancel_backend"),
  ...rule("exact", "reloads the server configuration", "pg_reload_conf"),
  ...rule("exact", "rotates the server log", "pg_rotate_logfile"),
  ...rule("prefix", "writes to the server log", "pg_log_"),
  ...rule("exact", "changes server settings", "set_config"),
  ...rule("prefix", "holds the connection without reading anything", "pg_sleep"),
  ...rule("prefix", "takes locks other sessions wait for", "pg_advisory_", "pg_try_advisory_"),
  ...rule("exact", "sends notifications to other sessions", "pg_notify"),
  ...rule("prefix", "resets the server's statistics", "pg_stat_reset"),
  ...rule("exact", "resets the server's statistics", "pg_stat_statements_reset"),
  ...rule("exact", "writes the system catalog", "pg_import_system_collations", "pg_extension_config_dump", "pg_truncate_visibility_map"),
  ...rule("prefix", "writes the system catalog", "binary_upgrade_"),

  // WAL, backups and replication.
  ...rule("exact", "administers the server's write-ahead log and backups", "pg_switch_wal", "pg_promote", "pg_start_backup", "pg_stop_backup"),
  ...rule("prefix", "administers the server's write-ahead log and backups", "pg_backup_", "pg_wal_replay_"),
  // pg_create_restore_point, pg_create_physical_replication_slot, pg_create_logical_replication_slot.
  ...rule("prefix", "administers replication", "pg_create_", "pg_copy_", "pg_replication_", "pg_logical_"),
  ...rule("exact", "administers replication", "pg_drop_replication_slot"),

  // Sequences. PostgreSQL refuses these in a READ ONLY transaction; refusing them here does
  // not depend on every server doing so.
  ...rule("exact", "changes a sequence", "nextval", "setval"),

  // Functions that run SQL text they are given, which no check here can see into.
  ...rule("prefix", "runs SQL text that cannot be checked", "query_to_xml", "cursor_to_xml", "table_to_xml", "schema_to_xml", "database_to_xml"),
  ...rule("exact", "runs SQL text that cannot be checked", "ts_stat", "ts_rewrite"),
  // dblink, dblink_exec, dblink_connect, ...: run SQL on another connection, outside the
  // transaction and its READ ONLY setting.
  ...rule("prefix", "opens another database connection", "dblink"),

  // Hologres' administrative procedures (table groups, database properties, table
  // properties) and its data-writing ones (hg_insert_overwrite runs SQL text and
  // overwrites a table; hg_create_table_like creates a table from SQL text).
  ...rule("prefix", "administers Hologres", "hg_create_", "hg_drop_", "hg_update_", "hg_move_", "hg_admin", "hg_set_"),
  ...rule("exact", "writes data in Hologres", "hg_insert_overwrite"),
  ...rule("exact", "changes table properties", "set_table_property", "update_table_property"),
];

/** Why a function may not be called, as "<name> <does>", or undefined when it is not denied. */
export function deniedFunction(name: string): string | undefined {
  const lower = name.toLowerCase();
  const found = rules.find((entry) => (entry.match === "exact" ? lower === entry.name : lower.startsWith(entry.name)));
  return found ? `${lower} ${found.does}` : undefined;
}
