"use client";
import type { NodeDraft, VerifyAfterWriting } from "@/lib/wizard/node-draft";
import { Field, SelectInput } from "@/components/ui/field";
import type { UpdateDraft } from "./wizard-types";

const hints: Record<VerifyAfterWriting, string> = {
  off: "Nothing is checked after writing.",
  count: "After writing, the rows the target holds for this run are counted; a difference fails the run.",
  checksum:
    "After writing, the rows are counted and a checksum of the written columns is compared on both sides; a difference fails the run. Costs CPU while rows stream and one pass over the rows written.",
};

/** The Channel step's Verify after writing (`setting.verify`). */
export function VerifyAfterWritingField({ draft, update }: { draft: NodeDraft; update: UpdateDraft }) {
  const verify = draft.channel.verify;
  return (
    <Field label="Verify after writing" htmlFor="channel-verify" hint={hints[verify]}>
      <SelectInput
        id="channel-verify"
        className="w-56"
        value={verify}
        onChange={(event) => update((d) => void (d.channel.verify = event.target.value as VerifyAfterWriting))}
      >
        <option value="off">Off</option>
        <option value="count">Count</option>
        <option value="checksum">Count and checksum</option>
      </SelectInput>
    </Field>
  );
}
