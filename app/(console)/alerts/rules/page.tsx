import { requireConsoleContext } from "@/lib/auth/current-user";
import { roleCan } from "@/lib/auth/roles";
import { listAlertRules } from "@/lib/data/alert-rules";
import { alertChannelLabels, alertObjectTypeLabels, alertTriggerLabels } from "@/lib/schemas/alert-rule";
import { AlertRuleRowActions } from "@/components/alerts/alert-rule-row-actions";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Alert Rules" };

export default async function AlertRulesPage() {
  const { workspace, role } = await requireConsoleContext();
  const rules = await listAlertRules(workspace.id);
  const canChange = roleCan(role, "deploy");
  const create = canChange ? <ButtonLink href="/alerts/rules/new" variant="primary">Create rule</ButtonLink> : null;
  return (
    <div className="p-6">
      <PageHeader
        title="Alert Rules"
        description="Custom rules on nodes, workflows or the whole workspace, as in DataWorks' Operation Center. Only auto-triggered instances alert; what was sent is under Alert Events."
        actions={create}
      />
      {rules.length === 0 ? (
        <EmptyState title="No alert rules yet" action={create}>
          A rule says what to watch (an error, a finish, an instance not done by a time, a timeout) and whom to tell: e-mail, a webhook, or a DingTalk, Lark or WeCom robot.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-sm" aria-label="Alert rules">
            <thead className="whitespace-nowrap bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-4 py-2.5">Rule</th>
                <th className="px-4 py-2.5">Object</th>
                <th className="px-4 py-2.5">Trigger</th>
                <th className="px-4 py-2.5">Channels</th>
                <th className="px-4 py-2.5">Limits</th>
                <th className="px-4 py-2.5 text-right">Events, 24 h</th>
                {canChange && <th className="px-4 py-2.5 text-right">Actions</th>}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rules.map((rule) => (
                <tr key={rule.id} className="align-top hover:bg-slate-50/60">
                  <td className="px-4 py-3">
                    <div className="flex items-center gap-2">
                      <span className="font-medium text-slate-900">{rule.name}</span>
                      {!rule.enabled && <Badge>Disabled</Badge>}
                    </div>
                    <p className="mt-0.5 text-xs text-slate-500">by {rule.createdBy}</p>
                  </td>
                  <td className="px-4 py-3 text-slate-700">
                    {alertObjectTypeLabels[rule.objectType]}
                    {rule.objects.length > 0 && <p className="mt-0.5 max-w-[220px] truncate text-xs text-slate-500" title={rule.objects.join(", ")}>{rule.objects.join(", ")}</p>}
                  </td>
                  <td className="min-w-[180px] px-4 py-3 text-slate-700">
                    {alertTriggerLabels[rule.trigger]}
                    {rule.uncompletedByTime && <span className="text-slate-500"> {rule.uncompletedByTime}</span>}
                    {rule.thresholdMinutes !== null && <span className="text-slate-500"> {rule.thresholdMinutes} min</span>}
                  </td>
                  <td className="px-4 py-3">
                    <ul className="space-y-0.5 text-xs text-slate-600">
                      {rule.recipients.map((recipient) => (
                        <li key={`${recipient.channel}${recipient.recipient}`} className="max-w-[240px] truncate" title={recipient.recipient}>
                          <span className="font-medium text-slate-700">{alertChannelLabels[recipient.channel]}</span> {recipient.recipient}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td className="whitespace-nowrap px-4 py-3 text-xs text-slate-600">
                    every ≥ {rule.minIntervalMinutes} min, ≤ {rule.maxAlertsPerDay}/day
                    {rule.quietStart && <p>quiet {rule.quietStart}–{rule.quietEnd}</p>}
                  </td>
                  <td className="px-4 py-3 text-right tabular-nums">{rule.eventsToday}</td>
                  {canChange && (
                    <td className="whitespace-nowrap px-4 py-3">
                      <AlertRuleRowActions rule={rule} />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
