import { displayStatusTones, type DisplayStatus } from "@/lib/scheduling/instance-status";
import { Badge } from "@/components/ui/badge";

/** DataWorks' colours: gray, yellow, blue, green, red, purple. */
export function InstanceStatusBadge({ instance }: { instance: { displayStatus: DisplayStatus; statusText: string; frozen: boolean; message?: string | null } }) {
  return (
    <span className="inline-flex flex-wrap items-center gap-1 whitespace-nowrap">
      <Badge tone={displayStatusTones[instance.displayStatus]} title={instance.message ?? undefined}>
        <span aria-hidden className="h-1.5 w-1.5 rounded-full bg-current" />
        {instance.statusText}
      </Badge>
      {instance.frozen && instance.displayStatus !== "frozen" && <Badge tone="violet">Frozen</Badge>}
    </span>
  );
}
