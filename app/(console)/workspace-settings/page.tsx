import { requireConsoleContext } from "@/lib/auth/current-user";
import { roleCan } from "@/lib/auth/roles";
import { getSmtpSettings } from "@/lib/data/smtp-settings";
import { smtpSecurityLabels } from "@/lib/schemas/alert-rule";
import { SmtpSettingsForm } from "@/components/alerts/smtp-settings-form";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Workspace Settings" };

export default async function WorkspaceSettingsPage() {
  const { workspace, role } = await requireConsoleContext();
  const smtp = await getSmtpSettings(workspace.id);
  const admin = roleCan(role, "manageMembers");
  return (
    <div className="p-6">
      <PageHeader title="Workspace Settings" description={`Settings of workspace ${workspace.displayName}.`} />
      <h2 className="mb-1 text-base font-semibold text-slate-900">SMTP (alert e-mail)</h2>
      <p className="mb-4 max-w-2xl text-sm text-slate-500">
        The mail server alert rules send e-mail through. The password is sealed before it is stored and never shown again.
        {admin ? "" : " Only workspace administrators change it."}
      </p>
      {admin ? (
        <SmtpSettingsForm
          hasPassword={smtp?.hasPassword ?? false}
          initial={{ host: smtp?.host ?? "", port: String(smtp?.port ?? 587), security: smtp?.security ?? "starttls", username: smtp?.username ?? "", password: "", fromAddress: smtp?.fromAddress ?? "" }}
        />
      ) : (
        <dl className="grid max-w-xl grid-cols-[160px_1fr] gap-y-2 rounded-lg border border-slate-200 bg-white p-5 text-sm">
          {smtp ? (
            <>
              <dt className="text-slate-500">Server</dt>
              <dd>{smtp.host}:{smtp.port}, {smtpSecurityLabels[smtp.security]}</dd>
              <dt className="text-slate-500">From</dt>
              <dd>{smtp.fromAddress}</dd>
            </>
          ) : (
            <dd className="col-span-2 text-slate-500">No SMTP server is set: alert e-mails fail until an administrator sets one.</dd>
          )}
        </dl>
      )}
    </div>
  );
}
