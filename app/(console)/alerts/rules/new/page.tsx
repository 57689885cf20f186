import { redirect } from "next/navigation";
import { requireConsoleContext } from "@/lib/auth/current-user";
import { roleCan } from "@/lib/auth/roles";
import { alertRuleObjectOptions } from "@/lib/data/alert-rules";
import { AlertRuleForm, emptyAlertRule } from "@/components/alerts/alert-rule-form";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Create Alert Rule" };

export default async function NewAlertRulePage() {
  const { workspace, role } = await requireConsoleContext();
  if (!roleCan(role, "deploy")) redirect("/alerts/rules");
  const options = await alertRuleObjectOptions(workspace.id);
  return (
    <div className="p-6">
      <PageHeader title="Create Custom Rule" description={`An alert rule of workspace ${workspace.displayName}.`} />
      <AlertRuleForm initial={emptyAlertRule} options={options} />
    </div>
  );
}
