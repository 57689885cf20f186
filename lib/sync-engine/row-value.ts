/**
 * One cell as the engine carries it from a reader to a writer, whatever the connectors.
 * NULL -> null; small integers and floating point -> number; 64-bit integers -> bigint;
 * exact decimals -> their text; text and JSON -> string; bytes -> Buffer; booleans; a date
 * -> "YYYY-MM-DD"; an instant -> Date, or `{ seconds, nanos }` past millisecond precision;
 * arrays of values (JSON text when they hold maps or structs).
 */
export type RowValue = null | number | bigint | string | boolean | Buffer | Date | { seconds: bigint; nanos: number } | RowValue[];
