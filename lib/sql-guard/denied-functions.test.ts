import { describe, expect, it } from "vitest";
import { deniedFunction } from "./denied-functions";

describe("the denied function list", () => {
  it.each([
    ["pg_read_file", "reads files on the database server"],
    ["pg_read_binary_file", "reads files on the database server"],
    ["pg_ls_dir", "lists files"],
    ["pg_ls_logdir", "lists files"],
    ["pg_ls_waldir", "lists files"],
    ["pg_ls_tmpdir", "lists files"],
    ["pg_ls_archive_statusdir", "lists files"],
    ["pg_stat_file", "reads file details"],
    ["pg_file_write", "writes files"],
    ["pg_terminate_backend", "ends other sessions"],
    ["pg_cancel_backend", "cancels other sessions' statements"],
    ["pg_reload_conf", "reloads the server configuration"],
    ["pg_rotate_logfile", "rotates the server log"],
    ["set_config", "changes server settings"],
    ["lo_import", "large objects"],
    ["lo_export", "large objects"],
    ["lo_from_bytea", "large objects"],
    ["loread", "large objects"],
    ["dblink", "opens another database connection"],
    ["dblink_exec", "opens another database connection"],
    ["pg_sleep", "holds the connection"],
    ["pg_sleep_for", "holds the connection"],
    ["pg_sleep_until", "holds the connection"],
    ["pg_advisory_xact_lock", "takes locks"],
    ["pg_try_advisory_lock", "takes locks"],
    ["pg_notify", "sends notifications"],
    ["pg_switch_wal", "write-ahead log"],
    ["pg_create_restore_point", "administers replication"],
    ["pg_create_logical_replication_slot", "administers replication"],
    ["pg_drop_replication_slot", "administers replication"],
    ["pg_logical_emit_message", "administers replication"],
    ["pg_backup_start", "backups"],
    ["pg_promote", "backups"],
    ["nextval", "changes a sequence"],
    ["setval", "changes a sequence"],
    ["query_to_xml_and_xmlschema", "runs SQL text"],
    ["table_to_xml", "runs SQL text"],
    ["cursor_to_xml", "runs SQL text"],
    ["ts_stat", "runs SQL text"],
    ["pg_import_system_collations", "writes the system catalog"],
    ["pg_stat_reset_shared", "resets the server's statistics"],
    ["hg_create_table_group", "administers Hologres"],
    ["hg_update_database_property", "administers Hologres"],
    ["hg_insert_overwrite", "writes data in Hologres"],
    ["PG_READ_FILE", "reads files"],
  ])("denies %s: it %s", (name, does) => {
    expect(deniedFunction(name)).toContain(does);
    expect(deniedFunction(name)).toMatch(new RegExp(`^${name.toLowerCase()} `));
  });

  it.each(["now", "count", "generate_series", "current_setting", "txid_current", "pg_current_xact_id", "pg_relation_size", "pg_get_viewdef", "hg_relation_size", "format_type", "lower"])(
    "allows %s",
    (name) => {
      expect(deniedFunction(name)).toBeUndefined();
    },
  );
});
