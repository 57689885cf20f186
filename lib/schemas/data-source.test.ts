import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "./common";
import { hologresDataSourceFormSchema, maxComputeDataSourceFormSchema, secretBindingChange } from "./data-source";

const hologres = {
  type: "holo",
  connectionMode: "connection_string",
  name: "holo_demo",
  description: "Local Hologres",
  environments: ["development", "production"],
  host: "127.0.0.1",
  port: "5432",
  database: "holo_demo",
  user: "postgres",
  password: "",
  ssl: false,
};

const maxCompute = {
  type: "odps",
  name: "odps_first",
  description: "",
  environments: ["development"],
  endpoint: "http://service.cn-hangzhou.maxcompute.aliyun.com/api",
  tunnelEndpoint: "",
  project: "demo_project",
  accessKeyId: "LTAI5tDemo",
  accessKeySecret: "secret",
};

function errorsOf(schema: typeof hologresDataSourceFormSchema | typeof maxComputeDataSourceFormSchema, input: unknown) {
  const result = schema.safeParse(input);
  return result.success ? {} : fieldErrorsOf(result.error);
}

describe("data source form rules", () => {
  it("accepts the guide's Hologres data source in connection string mode", () => {
    const parsed = hologresDataSourceFormSchema.parse(hologres);
    expect(parsed).toMatchObject({ name: "holo_demo", port: 5432 });
  });

  it("refuses a name that starts with a digit and says what is allowed", () => {
    expect(errorsOf(hologresDataSourceFormSchema, { ...hologres, name: "1holo" }).name).toEqual([
      "Data Source Name may use only the letters A-Z and a-z, digits and underscores, and must start with a letter (like sales_2024).",
    ]);
  });

  it("refuses characters other than ASCII letters, digits and underscores, saying what is allowed", () => {
    for (const name of ["holo-demo", "名字", "holo_déjà"]) {
      expect(errorsOf(hologresDataSourceFormSchema, { ...hologres, name }).name).toEqual([
        "Data Source Name may use only the letters A-Z and a-z, digits and underscores, and must start with a letter (like sales_2024).",
      ]);
    }
  });

  it("refuses a description of 81 characters and accepts 80", () => {
    expect(errorsOf(hologresDataSourceFormSchema, { ...hologres, description: "x".repeat(81) }).description).toEqual([
      "Description must be at most 80 characters.",
    ]);
    expect(errorsOf(hologresDataSourceFormSchema, { ...hologres, description: "x".repeat(80) })).toEqual({});
  });

  it("names each missing required field", () => {
    const errors = errorsOf(maxComputeDataSourceFormSchema, { type: "odps", environments: ["production"] });
    expect(errors.name).toEqual(["Data Source Name is required."]);
    expect(errors.endpoint).toEqual(["ODPS Endpoint is required."]);
    expect(errors.project).toEqual(["ODPS project name is required."]);
    expect(errors.accessKeyId).toEqual(["AccessKey ID is required."]);
  });

  it("requires endpoints to be http(s) URLs; the tunnel endpoint may stay empty", () => {
    expect(errorsOf(maxComputeDataSourceFormSchema, { ...maxCompute, endpoint: "ftp://x" }).endpoint?.[0]).toMatch(
      /valid http/,
    );
    expect(errorsOf(maxComputeDataSourceFormSchema, { ...maxCompute, tunnelEndpoint: "not a url" }).tunnelEndpoint?.[0]).toMatch(
      /Tunnel Endpoint must be a valid/,
    );
    expect(errorsOf(maxComputeDataSourceFormSchema, maxCompute)).toEqual({});
  });

  it("requires at least one applicable environment", () => {
    expect(errorsOf(maxComputeDataSourceFormSchema, { ...maxCompute, environments: [] }).environments?.[0]).toMatch(
      /Applicable environment/,
    );
  });

  it("checks the port range and instance mode fields", () => {
    expect(errorsOf(hologresDataSourceFormSchema, { ...hologres, port: "70000" }).port?.[0]).toMatch(/between 1 and 65535/);
    const errors = errorsOf(hologresDataSourceFormSchema, {
      type: "holo",
      connectionMode: "instance",
      name: "holo_prod",
      environments: ["production"],
      region: "cn-hangzhou",
      instanceId: "",
      database: "db",
      accessKeyId: "",
    });
    expect(errors.instanceId?.[0]).toBe("Instance ID is required.");
    expect(errors.accessKeyId?.[0]).toBe("AccessKey ID is required.");
  });
});

describe("what a stored secret is bound to", () => {
  const saved = { connectionMode: "connection_string", host: "Holo.Example.com", port: 5432, database: "db", user: "u", ssl: true };

  it("is unchanged by the form's text forms of the same values and by fields outside the binding", () => {
    expect(secretBindingChange({ type: "holo", connectionMode: "connection_string", saved, current: { ...saved, host: " holo.example.com ", port: "5432", ssl: false, name: "x" } })).toBeNull();
  });

  it("names every changed field in the message", () => {
    expect(secretBindingChange({ type: "holo", connectionMode: "connection_string", saved, current: { ...saved, host: "evil.example.com", port: "15432", user: "v" } })).toEqual({
      changed: ["host", "port", "user"],
      message: "You changed the host, port and user; type the password again: a stored password is only sent to the host, port and user it was saved for.",
    });
  });

  it("treats a trailing slash of an endpoint as the same endpoint, and an added Tunnel endpoint as a change", () => {
    const odps = { endpoint: "http://a.example.com/api", tunnelEndpoint: "", project: "p", accessKeyId: "k" };
    expect(secretBindingChange({ type: "odps", saved: odps, current: { ...odps, endpoint: "http://a.example.com/api/" } })).toBeNull();
    expect(secretBindingChange({ type: "odps", saved: odps, current: { ...odps, tunnelEndpoint: "http://b.example.com/tunnel" } })?.changed).toEqual(["Tunnel endpoint"]);
  });
});
