import type { DataSourceFormField } from "../connectors/connector-spec";

/**
 * The connection string mode fields DataWorks shows for a self-managed relational database
 * (host, port, database, user, password, SSL). A stored password stays bound to host and
 * port (where it is sent) and database and user (for whom).
 */
export function connectionStringFormFields(defaultPort: number): DataSourceFormField[] {
  return [
    { name: "host", label: "Host", input: "text", placeholder: "127.0.0.1", bindsSecret: "destination" },
    { name: "port", label: "Port", input: "number", placeholder: String(defaultPort), bindsSecret: "destination" },
    { name: "database", label: "Database Name", input: "text", bindsSecret: "identity" },
    { name: "user", label: "User", input: "text", bindsSecret: "identity" },
    { name: "password", label: "Password", input: "password", secret: true },
    { name: "ssl", label: "SSL", input: "checkbox" },
  ];
}
