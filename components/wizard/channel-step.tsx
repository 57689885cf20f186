"use client";
import { channelFieldErrors } from "@/lib/schemas/sync-node";
import type { NodeDraft } from "@/lib/wizard/node-draft";
import { Field, SelectInput, TextInput } from "@/components/ui/field";
import type { UpdateDraft } from "./wizard-types";
import { VerifyAfterWritingField } from "./verify-after-writing-field";

export function ChannelStep({ draft, update }: { draft: NodeDraft; update: UpdateDraft }) {
  const { channel } = draft;
  // The same rules Save applies and the engine runs with (lib/schemas/sync-node.ts).
  const errors = channelFieldErrors(channel);
  return (
    <section aria-label="Channel" className="max-w-3xl space-y-5 rounded-lg border border-slate-200 bg-white p-5">
      <Field
        label="Expected Maximum Concurrency"
        htmlFor="channel-concurrent"
        hint="How many channels read and write at once (1 to 32)."
        errors={errors.concurrent ? [errors.concurrent] : undefined}
      >
        <SelectInput
          id="channel-concurrent"
          className="w-32"
          value={channel.concurrent}
          invalid={Boolean(errors.concurrent)}
          onChange={(event) => update((d) => void (d.channel.concurrent = Number(event.target.value)))}
        >
          {Array.from({ length: 32 }, (_, i) => i + 1).map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </SelectInput>
      </Field>
      <Field label="Bandwidth Throttling" required hint={channel.throttle ? undefined : "The run goes as fast as both ends allow. Enabling a limit protects busy sources and targets."}>
        <div className="space-y-2 pt-2">
          <div role="radiogroup" aria-label="Bandwidth Throttling" className="flex gap-4 text-sm">
            <label className="flex items-center gap-2">
              <input type="radio" name="throttle" checked={channel.throttle} onChange={() => update((d) => void (d.channel.throttle = true))} />
              Enable
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" name="throttle" checked={!channel.throttle} onChange={() => update((d) => void (d.channel.throttle = false))} />
              Disable
            </label>
          </div>
          {channel.throttle && (
            <div>
              <div className="flex items-center gap-2">
                <TextInput
                  id="channel-mbps"
                  aria-label="Maximum rate in MB/s"
                  className="w-32"
                  inputMode="decimal"
                  value={channel.mbps}
                  invalid={Boolean(errors.mbps)}
                  onChange={(event) => update((d) => void (d.channel.mbps = event.target.value))}
                />
                <span className="text-sm text-slate-600">MB/s</span>
              </div>
              {errors.mbps ? (
                <p id="channel-mbps-error" role="alert" className="mt-1 text-xs text-red-600">
                  {errors.mbps}
                </p>
              ) : (
                <p className="mt-1 text-xs text-slate-500">The run stays under this rate across all channels (a number above 0, such as 10 or 0.5).</p>
              )}
            </div>
          )}
        </div>
      </Field>
      <Field
        label="Dirty Data Records Allowed"
        htmlFor="channel-error-limit"
        hint="A whole number: 0 means the run fails at the first dirty record; empty means no limit."
        errors={errors.errorLimit ? [errors.errorLimit] : undefined}
      >
        <TextInput
          id="channel-error-limit"
          className="w-32"
          inputMode="numeric"
          placeholder="No limit"
          value={channel.errorLimit}
          invalid={Boolean(errors.errorLimit)}
          onChange={(event) => update((d) => void (d.channel.errorLimit = event.target.value))}
        />
      </Field>
      <VerifyAfterWritingField draft={draft} update={update} />
    </section>
  );
}
