/**
 * The table properties Create Table lets `CALL set_table_property('<table>', '<property>',
 * '<value>')` set on the table it creates, from Hologres' SET_TABLE_PROPERTY, CREATE TABLE
 * and partitioning documentation. A property not listed here is refused with this list,
 * so a new one is added here rather than slipping through.
 */
export const hologresTableProperties: readonly string[] = [
  // Storage and layout.
  "orientation", // column, row or "row,column"
  "storage_format",
  "storage_mode", // hot or cold
  "table_group",
  // Indexes and distribution.
  "distribution_key",
  "clustering_key",
  "event_time_column",
  "segment_key", // the older name of event_time_column
  "bitmap_columns",
  "dictionary_encoding_columns",
  // Lifecycle and binlog.
  "time_to_live_in_seconds",
  "binlog.level",
  "binlog.ttl",
  // Partitioning (physical and logical partitioned tables, dynamic partitions).
  "is_logical_partitioned_table",
  "partition_expiration_time",
  "partition_keep_hot_window",
  "partition_require_filter",
  "partition_generate_binlog_window",
  "auto_partitioning.enable",
  "auto_partitioning.time_unit",
  "auto_partitioning.time_zone",
  "auto_partitioning.num_precreate",
  "auto_partitioning.num_retention",
  "auto_partitioning.num_hot",
  "auto_partitioning.time_format",
];
