import { notFound, redirect } from "next/navigation";
import { requireConsoleContext } from "@/lib/auth/current-user";
import { roleCan } from "@/lib/auth/roles";
import { ConsoleError } from "@/lib/console-error";
import { alertRuleObjectOptions, getAlertRuleFormValues } from "@/lib/data/alert-rules";
import { AlertRuleForm } from "@/components/alerts/alert-rule-form";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Edit Alert Rule" };

export default async function EditAlertRulePage({ params }: { params: Promise<{ ruleId: string }> }) {
  const { workspace, role } = await requireConsoleContext();
  if (!roleCan(role, "deploy")) redirect("/alerts/rules");
  const { ruleId } = await params;
  const initial = await getAlertRuleFormValues(workspace.id, ruleId).catch((error: unknown) => {
    if (error instanceof ConsoleError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const options = await alertRuleObjectOptions(workspace.id);
  return (
    <div className="p-6">
      <PageHeader title={`Edit rule ${initial.name}`} />
      <AlertRuleForm initial={initial} options={options} />
    </div>
  );
}
