// The table every chaos scenario copies: deterministic rows with the values that break
// encoders (tabs, quotes, commas, backslashes, non-ASCII text, NULLs, negative and
// fractional numbers), so "exactly the source rows" means something.

/** One `chaos_orders` row: id, customer, amount, note. */
export type ChaosOrderRow = [bigint, string, number, string | null];

export const CHAOS_TABLE = "chaos_orders";

export const CHAOS_COLUMNS = [
  { name: "id", type: "BIGINT", comment: "Order id (the target's primary key in the keyed scenarios)" },
  { name: "customer", type: "STRING", comment: "Customer" },
  { name: "amount", type: "DOUBLE", comment: "Amount" },
  { name: "note", type: "STRING", comment: "Free text with separators and quotes" },
];

export function chaosOrderRow(index: number): ChaosOrderRow {
  const id = BigInt(index + 1);
  const customer = `customer_${index % 997}`;
  // Cents stored as a double, some negative: the value must arrive bit for bit.
  const amount = ((index * 7919) % 200_000) / 100 - 500;
  const notes = [`plain ${index}`, `tab\there ${index}`, `quote "${index}" and 'single'`, `comma, semicolon; ${index}`, `back\\slash ${index}`, `ünïcödé 注文 ${index}`, null];
  return [id, customer, amount, notes[index % notes.length]];
}

export function* chaosOrderRows(count: number): Generator<ChaosOrderRow> {
  for (let index = 0; index < count; index++) yield chaosOrderRow(index);
}
