import { InstanceListPage } from "@/components/operation-center/instance-list-page";

export const metadata = { title: "Test Instances" };

export default function TestInstancesPage({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  return (
    <InstanceListPage
      kind="test"
      path="/operation-center/test-instances"
      title="Test Instances"
      description="Instances started with Test on Auto Triggered Nodes: the production version of a node, run now for a chosen business date."
      searchParams={searchParams}
    />
  );
}
