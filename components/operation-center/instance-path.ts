/** An instance's page: under Test Instances for a test instance, under Auto Triggered Instances otherwise. */
export function instancePath(instance: { id: string; kind: string }): string {
  return `/operation-center/${instance.kind === "test" ? "test-instances" : "instances"}/${encodeURIComponent(instance.id)}`;
}

/**
 * An instance's DAG page, or null for a test instance: it runs one node alone, with no
 * parent or child instances, so it has no place in the graph.
 */
export function instanceDagPath(instance: { id: string; kind: string }): string | null {
  return instance.kind === "test" ? null : `/operation-center/instances/${encodeURIComponent(instance.id)}/dag`;
}
