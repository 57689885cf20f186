import { InstanceListPage } from "@/components/operation-center/instance-list-page";

export const metadata = { title: "Auto Triggered Instances" };

export default function AutoTriggeredInstancesPage({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  return (
    <InstanceListPage
      kind="auto"
      path="/operation-center/instances"
      title="Auto Triggered Instances"
      description="The scheduled occurrences of deployed nodes, newest scheduled time first. Open one to see its parameters, its attempts and what it waits for."
      searchParams={searchParams}
    />
  );
}
