"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { createDataSource } from "@/lib/actions/create-data-source";
import { testDataSourceConnectivity } from "@/lib/actions/test-data-source-connectivity";
import { updateDataSource } from "@/lib/actions/update-data-source";
import { fieldErrorsOf, type FieldErrors } from "@/lib/schemas/common";
import {
  environmentLabels,
  environments,
  formSchemaFor,
  hologresInstanceEndpoint,
  hologresRegions,
  type DataSourceTypeName,
} from "@/lib/schemas/data-source";
import { Button, buttonClass } from "@/components/ui/button";
import { Field, SelectInput, TextArea, TextInput } from "@/components/ui/field";
import { ConnectivityResultNote } from "./connectivity-result-note";

export type DataSourceFormValues = Record<string, string | number | boolean | string[]>;

type Props = {
  type: DataSourceTypeName;
  workspaceMode: "basic" | "standard";
  /** Present when editing. */
  existing?: { id: string; values: DataSourceFormValues; secretsSet: Record<string, boolean> };
};

function defaults(type: DataSourceTypeName, workspaceMode: "basic" | "standard"): DataSourceFormValues {
  const envs = workspaceMode === "standard" ? ["development", "production"] : ["production"];
  if (type === "odps") {
    return { type, name: "", description: "", environments: envs, endpoint: "", tunnelEndpoint: "", project: "", accessKeyId: "", accessKeySecret: "" };
  }
  return {
    type,
    connectionMode: "instance",
    name: "",
    description: "",
    environments: envs,
    region: "cn-hangzhou",
    instanceId: "",
    endpointOverride: "",
    database: "",
    accessKeyId: "",
    accessKeySecret: "",
    host: "",
    port: "80",
    user: "",
    password: "",
    ssl: false,
  };
}

export function DataSourceForm({ type, workspaceMode, existing }: Props) {
  const router = useRouter();
  const [values, setValues] = useState<DataSourceFormValues>(() => ({ ...defaults(type, workspaceMode), ...existing?.values }));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState("");
  const [submitted, setSubmitted] = useState(false);
  const [testResult, setTestResult] = useState<{ ok: boolean; message: string } | null>(null);
  const [saving, startSaving] = useTransition();
  const [testing, startTesting] = useTransition();
  const [showAdvanced, setShowAdvanced] = useState(Boolean(existing?.values.endpointOverride));
  const schema = formSchemaFor(type);

  function validate(next: DataSourceFormValues) {
    const result = schema.safeParse(next);
    const found = result.success ? {} : fieldErrorsOf(result.error);
    // A new data source needs its secret; editing keeps the stored one when left empty.
    const secretField = type === "holo" && next.connectionMode === "connection_string" ? null : "accessKeySecret";
    if (secretField && !existing?.secretsSet[secretField] && !next[secretField]) {
      found[secretField] = ["AccessKey Secret is required."];
    }
    return found;
  }

  function set(name: string, value: string | boolean | string[]) {
    const next = { ...values, [name]: value };
    setValues(next);
    setTestResult(null);
    if (submitted) setErrors(validate(next));
  }

  function payload() {
    // The hidden mode's fields would only confuse the server's discriminated schema.
    return Object.fromEntries(Object.entries(values).filter(([key]) => key !== "endpointPreview"));
  }

  function save() {
    setSubmitted(true);
    const found = validate(values);
    setErrors(found);
    if (Object.keys(found).length) {
      setMessage("Some fields need attention.");
      return;
    }
    setMessage("");
    startSaving(async () => {
      const result = existing ? await updateDataSource(existing.id, payload()) : await createDataSource(payload());
      if (!result.ok) {
        setMessage(result.message);
        setErrors(result.fieldErrors ?? {});
        return;
      }
      router.push("/data-sources");
      router.refresh();
    });
  }

  function test() {
    const found = validate(values);
    setSubmitted(true);
    setErrors(found);
    if (Object.keys(found).length) {
      setMessage("Fill in the fields marked below before testing connectivity.");
      return;
    }
    setMessage("");
    startTesting(async () => {
      const result = await testDataSourceConnectivity({ id: existing?.id, form: payload() });
      setTestResult(result.ok ? result.data : { ok: false, message: result.message });
    });
  }

  const text = (name: string, props: { label: string; required?: boolean; placeholder?: string; hint?: string; type?: string }) => (
    <Field label={props.label} htmlFor={name} required={props.required} errors={errors[name]} hint={props.hint}>
      <TextInput
        id={name}
        name={name}
        type={props.type ?? "text"}
        value={String(values[name] ?? "")}
        placeholder={props.placeholder}
        invalid={Boolean(errors[name])}
        onChange={(event) => set(name, event.target.value)}
      />
    </Field>
  );

  const secret = (name: string, label: string, required: boolean) => {
    const stored = existing?.secretsSet[name];
    return (
      <Field
        label={label}
        htmlFor={name}
        required={required && !stored}
        errors={errors[name]}
        hint={stored ? "A secret is stored. Leave this empty to keep it, or type a new one to replace it." : undefined}
      >
        <TextInput
          id={name}
          name={name}
          type="password"
          autoComplete="new-password"
          value={String(values[name] ?? "")}
          placeholder={stored ? "•••••••• (stored)" : ""}
          invalid={Boolean(errors[name])}
          onChange={(event) => set(name, event.target.value)}
        />
      </Field>
    );
  };

  const selectedEnvironments = (values.environments as string[]) ?? [];
  const instanceMode = type === "holo" && values.connectionMode === "instance";
  const derivedEndpoint = instanceMode
    ? hologresInstanceEndpoint({ region: String(values.region), instanceId: String(values.instanceId || "<instance-id>") })
    : null;

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
      className="space-y-5"
    >
      <div className="space-y-4 rounded-lg border border-slate-200 bg-white p-6">
        {type === "holo" && (
          <Field label="Data source type" required>
            <div role="radiogroup" aria-label="Data source type" className="flex flex-wrap gap-2">
              {[
                { value: "instance", label: "Alibaba Cloud instance mode" },
                { value: "connection_string", label: "Connection string mode" },
              ].map((option) => (
                <label
                  key={option.value}
                  className={`flex cursor-pointer items-center gap-2 rounded-md border px-3 py-2 text-sm ${
                    values.connectionMode === option.value ? "border-brand-500 bg-brand-50 text-brand-700" : "border-slate-300 bg-white"
                  }`}
                >
                  <input
                    type="radio"
                    name="connectionMode"
                    value={option.value}
                    checked={values.connectionMode === option.value}
                    disabled={Boolean(existing)}
                    onChange={() => set("connectionMode", option.value)}
                  />
                  {option.label}
                </label>
              ))}
            </div>
          </Field>
        )}
        {text("name", {
          label: "Data Source Name",
          required: true,
          hint: "Letters, digits and underscores; starts with a letter.",
        })}
        <Field
          label={type === "odps" ? "Data source description" : "Description"}
          htmlFor="description"
          errors={errors.description}
          hint={`${String(values.description ?? "").length}/80 characters`}
        >
          <TextArea
            id="description"
            name="description"
            rows={2}
            value={String(values.description ?? "")}
            invalid={Boolean(errors.description)}
            onChange={(event) => set("description", event.target.value)}
          />
        </Field>
        {workspaceMode === "standard" && (
          <Field label={type === "odps" ? "Environment" : "Applicable environment"} required errors={errors.environments}>
            <div className="flex gap-4 pt-2">
              {environments.map((environment) => (
                <label key={environment} className="flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    name="environments"
                    value={environment}
                    checked={selectedEnvironments.includes(environment)}
                    onChange={(event) =>
                      set(
                        "environments",
                        event.target.checked
                          ? [...selectedEnvironments, environment]
                          : selectedEnvironments.filter((item) => item !== environment),
                      )
                    }
                  />
                  {environmentLabels[environment]}
                </label>
              ))}
            </div>
          </Field>
        )}
      </div>

      <div className="space-y-4 rounded-lg border border-slate-200 bg-white p-6">
        {type === "odps" && (
          <>
            {text("endpoint", {
              label: "ODPS Endpoint",
              required: true,
              placeholder: "http://service.cn-hangzhou.maxcompute.aliyun.com/api",
            })}
            {text("tunnelEndpoint", {
              label: "Tunnel Endpoint",
              placeholder: "Leave empty to discover it from the ODPS endpoint",
            })}
            {text("project", { label: "ODPS project name", required: true })}
            {text("accessKeyId", { label: "AccessKey ID", required: true })}
            {secret("accessKeySecret", "AccessKey Secret", true)}
          </>
        )}
        {instanceMode && (
          <>
            <Field label="Region" htmlFor="region" required errors={errors.region}>
              <SelectInput id="region" name="region" value={String(values.region)} onChange={(event) => set("region", event.target.value)}>
                {hologresRegions.map((region) => (
                  <option key={region} value={region}>
                    {region}
                  </option>
                ))}
              </SelectInput>
            </Field>
            {text("instanceId", { label: "Instance ID", required: true, placeholder: "hgpostcn-cn-xxxxxxxx" })}
            {text("database", { label: "Database Name", required: true })}
            {text("accessKeyId", { label: "AccessKey ID", required: true })}
            {secret("accessKeySecret", "AccessKey Secret", true)}
            <Field label="Endpoint" hint={showAdvanced ? "Overrides the endpoint derived from region and instance ID." : undefined} errors={errors.endpointOverride}>
              <div className="space-y-2">
                <p className="pt-2 font-mono text-xs text-slate-600">
                  {derivedEndpoint!.host}:{derivedEndpoint!.port}
                </p>
                {showAdvanced ? (
                  <TextInput
                    id="endpointOverride"
                    name="endpointOverride"
                    placeholder="host:port"
                    value={String(values.endpointOverride ?? "")}
                    invalid={Boolean(errors.endpointOverride)}
                    onChange={(event) => set("endpointOverride", event.target.value)}
                  />
                ) : (
                  <button type="button" className="text-xs text-brand-600 hover:underline" onClick={() => setShowAdvanced(true)}>
                    Advanced: use another endpoint
                  </button>
                )}
              </div>
            </Field>
          </>
        )}
        {type === "holo" && !instanceMode && (
          <>
            {text("host", { label: "Host", required: true, placeholder: "127.0.0.1" })}
            {text("port", { label: "Port", required: true, placeholder: "80" })}
            {text("database", { label: "Database Name", required: true })}
            {text("user", { label: "User", required: true })}
            {secret("password", "Password", false)}
            <Field label="SSL">
              <label className="flex items-center gap-2 pt-2 text-sm">
                <input type="checkbox" name="ssl" checked={Boolean(values.ssl)} onChange={(event) => set("ssl", event.target.checked)} />
                Require an encrypted connection
              </label>
            </Field>
          </>
        )}
      </div>

      {message && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          {message}
        </p>
      )}
      {testResult && <ConnectivityResultNote result={testResult} />}

      <div className="flex items-center justify-between">
        <Button onClick={test} disabled={testing || saving}>
          {testing ? "Testing…" : "Test connectivity"}
        </Button>
        <div className="flex gap-2">
          <Link href="/data-sources" className={buttonClass("secondary")}>
            Cancel
          </Link>
          <Button type="submit" variant="primary" disabled={saving}>
            {saving ? "Saving…" : existing ? "Save changes" : "Complete"}
          </Button>
        </div>
      </div>
    </form>
  );
}
