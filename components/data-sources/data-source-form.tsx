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
  genericFormFields,
  hologresInstanceEndpoint,
  hologresRegions,
  secretBindingChange,
  secretFieldOf,
  type DataSourceTypeName,
} from "@/lib/schemas/data-source";
import { Button, buttonClass } from "@/components/ui/button";
import { Field, SelectInput, TextArea, TextInput } from "@/components/ui/field";
import { ConnectivityResultNote, ConnectivityWarningNote } from "./connectivity-result-note";

export type DataSourceFormValues = Record<string, string | number | boolean | string[]>;

type Props = {
  type: DataSourceTypeName;
  workspaceMode: "basic" | "standard";
  /** Present when editing. `production` is Production's own configuration, when it differs. */
  existing?: {
    id: string;
    values: DataSourceFormValues;
    secretsSet: Record<string, boolean>;
    production: { values: DataSourceFormValues; secretsSet: Record<string, boolean> } | null;
    /** What the last recorded connectivity test warned about, until this form tests again. */
    lastTestWarning: string | null;
  };
};

/** Where a field lives: the shared (or Development) configuration, or Production's own. */
type Scope = "" | "production";
const fieldKey = (scope: Scope, name: string) => (scope ? `${scope}.${name}` : name);
const fieldId = (scope: Scope, name: string) => (scope ? `${scope}-${name}` : name);

function defaults(type: DataSourceTypeName, workspaceMode: "basic" | "standard"): DataSourceFormValues {
  const envs = workspaceMode === "standard" ? ["development", "production"] : ["production"];
  const generic = genericFormFields(type);
  if (generic) {
    const fields = Object.fromEntries(generic.map((field) => [field.name, field.input === "checkbox" ? false : field.name === "port" ? (field.placeholder ?? "") : ""]));
    return { type, connectionMode: "connection_string", name: "", description: "", environments: envs, ...fields };
  }
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
  const [testResult, setTestResult] = useState<{ ok: boolean; message: string; warning: string | null } | null>(null);
  const [saving, startSaving] = useTransition();
  const [testing, startTesting] = useTransition();
  const [showAdvanced, setShowAdvanced] = useState(Boolean(existing?.values.endpointOverride));
  const schema = formSchemaFor(type);

  // null: Production uses the same connection settings as Development.
  const [production, setProduction] = useState<DataSourceFormValues | null>(() => existing?.production?.values ?? null);
  const selectedEnvironments = (values.environments as string[]) ?? [];
  const bothEnvironments = workspaceMode === "standard" && environments.every((environment) => selectedEnvironments.includes(environment));

  function payloadOf(root: DataSourceFormValues, own: DataSourceFormValues | null) {
    return bothEnvironments && own ? { ...root, production: own } : root;
  }

  /**
   * A stored secret is only sent with the connection it was saved for (the server enforces
   * it): when a binding field differs from the loaded value and the secret box is empty,
   * this says so before anything is submitted.
   */
  function secretRebinding(scope: Scope, root: DataSourceFormValues, own: DataSourceFormValues | null) {
    const current = scope ? own : root;
    if (!existing || !current) return null;
    const connectionMode = String(root.connectionMode ?? "");
    const { field } = secretFieldOf(type, connectionMode);
    const stored = scope ? (existing.production?.secretsSet[field] ?? existing.secretsSet[field]) : existing.secretsSet[field];
    if (!stored || current[field]) return null;
    const saved = scope ? (existing.production?.values ?? existing.values) : existing.values;
    const change = secretBindingChange({ type, connectionMode, saved, current });
    return change ? { key: fieldKey(scope, field), message: change.message } : null;
  }

  function validate(root: DataSourceFormValues, own: DataSourceFormValues | null) {
    const result = schema.safeParse(payloadOf(root, own));
    const found = result.success ? {} : fieldErrorsOf(result.error);
    for (const scope of bothEnvironments && own ? (["", "production"] as const) : ([""] as const)) {
      const rebinding = secretRebinding(scope, root, own);
      if (rebinding && !found[rebinding.key]) found[rebinding.key] = [rebinding.message];
    }
    // A new data source needs its secret; editing keeps the stored one when left empty.
    if (!(type === "holo" && root.connectionMode === "connection_string") && !genericFormFields(type)) {
      if (!existing?.secretsSet.accessKeySecret && !root.accessKeySecret) found.accessKeySecret = ["AccessKey Secret is required."];
      const ownStored = existing?.production?.secretsSet.accessKeySecret ?? existing?.secretsSet.accessKeySecret;
      if (bothEnvironments && own && !ownStored && !own.accessKeySecret) found["production.accessKeySecret"] = ["AccessKey Secret is required."];
    }
    return found;
  }

  function set(name: string, value: string | boolean | string[], scope: Scope = "") {
    const nextRoot = scope ? values : { ...values, [name]: value };
    const nextOwn = scope && production ? { ...production, [name]: value } : production;
    setValues(nextRoot);
    setProduction(nextOwn);
    setTestResult(null);
    if (submitted) setErrors(validate(nextRoot, nextOwn));
  }

  function setProductionDiffers(differs: boolean) {
    // Production starts as a copy of Development's settings, without its secrets.
    const own = differs
      ? Object.fromEntries(Object.entries(values).filter(([key]) => !["name", "description", "environments", "type", "accessKeySecret", "password"].includes(key)))
      : null;
    setProduction(own);
    setTestResult(null);
    if (submitted) setErrors(validate(values, own));
  }

  function payload() {
    return payloadOf(values, production);
  }

  function save() {
    setSubmitted(true);
    const found = validate(values, production);
    setErrors(found);
    if (Object.keys(found).length) {
      setMessage("Some fields need attention.");
      return;
    }
    setMessage("");
    startSaving(async () => {
      const result = existing ? await updateDataSource({ id: existing.id, form: payload() }) : await createDataSource(payload());
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
    const found = validate(values, production);
    setSubmitted(true);
    setErrors(found);
    if (Object.keys(found).length) {
      setMessage("Fill in the fields marked below before testing connectivity.");
      return;
    }
    setMessage("");
    startTesting(async () => {
      const result = await testDataSourceConnectivity({ id: existing?.id, form: payload() });
      setTestResult(result.ok ? result.data : { ok: false, message: result.message, warning: null });
      if (!result.ok && result.fieldErrors) setErrors(result.fieldErrors);
    });
  }

  const text = (
    name: string,
    props: { label: string; required?: boolean; placeholder?: string; hint?: string; type?: string },
    scope: Scope = "",
  ) => {
    const source = scope ? (production ?? {}) : values;
    const key = fieldKey(scope, name);
    return (
      <Field label={props.label} htmlFor={fieldId(scope, name)} required={props.required} errors={errors[key]} hint={props.hint}>
        <TextInput
          id={fieldId(scope, name)}
          name={key}
          type={props.type ?? "text"}
          value={String(source[name] ?? "")}
          placeholder={props.placeholder}
          invalid={Boolean(errors[key])}
          onChange={(event) => set(name, event.target.value, scope)}
        />
      </Field>
    );
  };

  const secret = (name: string, label: string, required: boolean, scope: Scope = "") => {
    const stored = scope ? (existing?.production?.secretsSet[name] ?? existing?.secretsSet[name]) : existing?.secretsSet[name];
    const source = scope ? (production ?? {}) : values;
    const key = fieldKey(scope, name);
    const rebinding = secretRebinding(scope, values, production);
    return (
      <Field
        label={label}
        htmlFor={fieldId(scope, name)}
        required={(required && !stored) || Boolean(rebinding)}
        errors={errors[key]}
        hint={
          rebinding ? (
            <span className="text-amber-700">{rebinding.message}</span>
          ) : stored ? (
            "A secret is stored. Leave this empty to keep it, or type a new one to replace it."
          ) : undefined
        }
      >
        <TextInput
          id={fieldId(scope, name)}
          name={key}
          type="password"
          autoComplete="new-password"
          value={String(source[name] ?? "")}
          placeholder={stored ? "•••••••• (stored)" : ""}
          invalid={Boolean(errors[key])}
          onChange={(event) => set(name, event.target.value, scope)}
        />
      </Field>
    );
  };

  const instanceMode = type === "holo" && values.connectionMode === "instance";
  // MySQL, PostgreSQL and any connector after them: the form fields the registry lists.
  const generic = genericFormFields(type);

  /** One environment's connection fields, for the type and mode chosen above. */
  const connectionFields = (scope: Scope) => {
    const fields = scope ? (production ?? {}) : values;
    const derived = hologresInstanceEndpoint({ region: String(fields.region), instanceId: String(fields.instanceId || "<instance-id>") });
    return (
      <>
          {generic?.map((field) =>
            field.secret ? (
              <div key={field.name}>{secret(field.name, field.label, false, scope)}</div>
            ) : field.input === "checkbox" ? (
              <Field key={field.name} label={field.label}>
                <label className="flex items-center gap-2 pt-2 text-sm">
                  <input type="checkbox" name={fieldKey(scope, field.name)} checked={Boolean(fields[field.name])} onChange={(event) => set(field.name, event.target.checked, scope)} />
                  Require an encrypted connection
                </label>
              </Field>
            ) : (
              <div key={field.name}>{text(field.name, { label: field.label, required: true, placeholder: field.placeholder }, scope)}</div>
            ),
          )}
          {type === "odps" && (
            <>
              {text("endpoint", {
                label: "ODPS Endpoint",
                required: true,
                placeholder: "http://service.cn-hangzhou.maxcompute.aliyun.com/api",
              }, scope)}
              {text("tunnelEndpoint", {
                label: "Tunnel Endpoint",
                placeholder: "Leave empty to discover it from the ODPS endpoint",
              }, scope)}
              {text("project", { label: "ODPS project name", required: true }, scope)}
              {text("accessKeyId", { label: "AccessKey ID", required: true }, scope)}
              {secret("accessKeySecret", "AccessKey Secret", true, scope)}
            </>
          )}
          {instanceMode && (
            <>
              <Field label="Region" htmlFor={fieldId(scope, "region")} required errors={errors[fieldKey(scope, "region")]}>
                <SelectInput id={fieldId(scope, "region")} name={fieldKey(scope, "region")} value={String(fields.region)} onChange={(event) => set("region", event.target.value, scope)}>
                  {hologresRegions.map((region) => (
                    <option key={region} value={region}>
                      {region}
                    </option>
                  ))}
                </SelectInput>
              </Field>
              {text("instanceId", { label: "Instance ID", required: true, placeholder: "hgpostcn-cn-xxxxxxxx" }, scope)}
              {text("database", { label: "Database Name", required: true }, scope)}
              {text("accessKeyId", { label: "AccessKey ID", required: true }, scope)}
              {secret("accessKeySecret", "AccessKey Secret", true, scope)}
              <Field label="Endpoint" hint={showAdvanced ? "Overrides the endpoint derived from region and instance ID." : undefined} errors={errors[fieldKey(scope, "endpointOverride")]}>
                <div className="space-y-2">
                  <p className="pt-2 font-mono text-xs text-slate-600">
                    {derived.host}:{derived.port}
                  </p>
                  {showAdvanced ? (
                    <TextInput
                      id={fieldId(scope, "endpointOverride")}
                      name={fieldKey(scope, "endpointOverride")}
                      aria-label="Endpoint"
                      placeholder="host:port"
                      value={String(fields.endpointOverride ?? "")}
                      invalid={Boolean(errors[fieldKey(scope, "endpointOverride")])}
                      onChange={(event) => set("endpointOverride", event.target.value, scope)}
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
              {text("host", { label: "Host", required: true, placeholder: "127.0.0.1" }, scope)}
              {text("port", { label: "Port", required: true, placeholder: "80" }, scope)}
              {text("database", { label: "Database Name", required: true }, scope)}
              {text("user", { label: "User", required: true }, scope)}
              {secret("password", "Password", false, scope)}
              <Field label="SSL">
                <label className="flex items-center gap-2 pt-2 text-sm">
                  <input type="checkbox" name={fieldKey(scope, "ssl")} checked={Boolean(fields.ssl)} onChange={(event) => set("ssl", event.target.checked, scope)} />
                  Require an encrypted connection
                </label>
              </Field>
            </>
          )}
      </>
    );
  };

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
        {generic && (
          <Field label="Data source type">
            <p className="pt-2 text-sm text-slate-700">Connection string mode</p>
          </Field>
        )}
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
        {production && bothEnvironments && <h2 className="text-sm font-semibold text-slate-900">Development</h2>}
        {connectionFields("")}
        {bothEnvironments && (
          <Field label="Production">
            <label className="flex items-center gap-2 pt-2 text-sm">
              <input type="checkbox" checked={Boolean(production)} onChange={(event) => setProductionDiffers(event.target.checked)} />
              Production uses different connection settings
            </label>
          </Field>
        )}
      </div>
      {production && bothEnvironments && (
        <section aria-label="Production configuration" className="space-y-4 rounded-lg border border-violet-200 bg-white p-6">
          <h2 className="text-sm font-semibold text-slate-900">Production</h2>
          {connectionFields("production")}
        </section>
      )}
      {message && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          {message}
        </p>
      )}
      {testResult ? (
        <ConnectivityResultNote result={testResult} />
      ) : (
        existing?.lastTestWarning && <ConnectivityWarningNote warning={existing.lastTestWarning} tested="earlier" />
      )}

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
