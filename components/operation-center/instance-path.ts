/** An instance's page: under Test Instances for a test instance, under Auto Triggered Instances otherwise. */
export function instancePath(instance: { id: string; kind: string }): string {
  return `/operation-center/${instance.kind === "test" ? "test-instances" : "instances"}/${encodeURIComponent(instance.id)}`;
}
