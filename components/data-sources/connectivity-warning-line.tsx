import { Badge } from "@/components/ui/badge";

/** The list row's form of a connectivity warning: a badge and the first lines of the reason. */
export function ConnectivityWarningLine({ warning }: { warning: string }) {
  return (
    <div className="mt-1" title={warning}>
      <Badge tone="amber">Privileged user</Badge>
      <p className="mt-0.5 line-clamp-3 text-xs text-amber-800">{warning}</p>
    </div>
  );
}
