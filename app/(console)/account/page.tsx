import { requireConsoleContext } from "@/lib/auth/current-user";
import { PageHeader } from "@/components/ui/page-header";
import { ChangePasswordForm } from "@/components/auth/change-password-form";

export const metadata = { title: "Account" };

export default async function AccountPage() {
  const { user } = await requireConsoleContext();
  return (
    <div className="mx-auto max-w-2xl p-6">
      <PageHeader title="Account" description={`Signed in as ${user.username}${user.isAdmin ? " (administrator)" : ""}.`} />
      <ChangePasswordForm />
    </div>
  );
}
