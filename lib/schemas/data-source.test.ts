import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "./common";
import { hologresDataSourceFormSchema, maxComputeDataSourceFormSchema } from "./data-source";

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

  it("refuses a name that starts with a digit and says why", () => {
    expect(errorsOf(hologresDataSourceFormSchema, { ...hologres, name: "1holo" }).name).toEqual([
      "Data Source Name must start with a letter.",
    ]);
  });

  it("refuses characters other than letters, digits and underscores", () => {
    expect(errorsOf(hologresDataSourceFormSchema, { ...hologres, name: "holo-demo" }).name?.[0]).toMatch(
      /only letters, digits and underscores/,
    );
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
