// Statements whose node name does not read as their SQL keyword.
const keywords: Record<string, string> = {
  VariableSetStmt: "SET",
  VariableShowStmt: "SHOW",
  TransactionStmt: "BEGIN/COMMIT",
  DoStmt: "DO",
  CreateStmt: "CREATE TABLE",
  CreateTableAsStmt: "CREATE TABLE AS",
  SelectStmt: "SELECT",
  ExecuteStmt: "EXECUTE",
  DeclareCursorStmt: "DECLARE",
  FetchStmt: "FETCH",
  ClosePortalStmt: "CLOSE",
  ListenStmt: "LISTEN",
  NotifyStmt: "NOTIFY",
  CheckPointStmt: "CHECKPOINT",
  RuleStmt: "CREATE RULE",
  IndexStmt: "CREATE INDEX",
  ViewStmt: "CREATE VIEW",
  CreateFunctionStmt: "CREATE FUNCTION",
  GrantStmt: "GRANT/REVOKE",
};

/** The SQL keyword of a statement node, for messages: `DeleteStmt` -> `DELETE`, `AlterTableStmt` -> `ALTER TABLE`. */
export function statementKeyword(type: string): string {
  return (
    keywords[type] ??
    type
      .replace(/Stmt$/, "")
      .replace(/([a-z])([A-Z])/g, "$1 $2")
      .toUpperCase()
  );
}
