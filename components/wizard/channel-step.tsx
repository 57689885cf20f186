"use client";
import type { NodeDraft } from "@/lib/wizard/node-draft";
import { Field, SelectInput, TextInput } from "@/components/ui/field";
import type { UpdateDraft } from "./wizard-types";
import { VerifyAfterWritingField } from "./verify-after-writing-field";

export function ChannelStep({ draft, update }: { draft: NodeDraft; update: UpdateDraft }) {
  const { channel } = draft;
  return (
    <section aria-label="Channel" className="max-w-3xl space-y-5 rounded-lg border border-slate-200 bg-white p-5">
      <Field label="Expected Maximum Concurrency" htmlFor="channel-concurrent" hint="How many channels read and write at once (1 to 32).">
        <SelectInput
          id="channel-concurrent"
          className="w-32"
          value={channel.concurrent}
          onChange={(event) => update((d) => void (d.channel.concurrent = Number(event.target.value)))}
        >
          {Array.from({ length: 32 }, (_, i) => i + 1).map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </SelectInput>
      </Field>
      <Field label="Bandwidth Throttling" required hint={channel.throttle ? "The run stays under this rate across all channels." : "The run goes as fast as both ends allow. Enabling a limit protects busy sources and targets."}>
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
            <div className="flex items-center gap-2">
              <TextInput
                id="channel-mbps"
                aria-label="Maximum rate in MB/s"
                className="w-32"
                inputMode="decimal"
                value={channel.mbps}
                invalid={!(Number(channel.mbps) > 0)}
                onChange={(event) => update((d) => void (d.channel.mbps = event.target.value))}
              />
              <span className="text-sm text-slate-600">MB/s</span>
            </div>
          )}
        </div>
      </Field>
      <Field label="Dirty Data Records Allowed" htmlFor="channel-error-limit" hint="Empty means no limit; 0 means the run fails at the first dirty record.">
        <TextInput
          id="channel-error-limit"
          className="w-32"
          inputMode="numeric"
          placeholder="No limit"
          value={channel.errorLimit}
          invalid={Boolean(channel.errorLimit.trim()) && !/^\d+$/.test(channel.errorLimit.trim())}
          onChange={(event) => update((d) => void (d.channel.errorLimit = event.target.value))}
        />
      </Field>
      <VerifyAfterWritingField draft={draft} update={update} />
    </section>
  );
}
