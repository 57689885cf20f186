import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/current-user";
import { Logo } from "@/components/layout/logo";
import { RequiredPasswordChange } from "@/components/auth/required-password-change";

export const metadata = { title: "Choose your password" };

/** Where a user whose password an administrator set (new user, reset) must choose their own. */
export default async function PasswordChangePage() {
  const user = await requireUser();
  if (!user.mustChangePassword) redirect("/");
  return (
    <main className="flex min-h-full items-center justify-center bg-gradient-to-br from-slate-100 via-white to-brand-50 px-4">
      <div className="w-full max-w-xl">
        <div className="mb-6 flex justify-center">
          <Logo size="lg" />
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-7 shadow-sm">
          <h1 className="mb-1 text-lg font-semibold text-slate-900">Choose your password</h1>
          <p className="mb-5 text-sm text-slate-500">
            {user.displayName}, an administrator set your current password. Type it once more and choose one only you know.
          </p>
          <RequiredPasswordChange />
        </div>
      </div>
    </main>
  );
}
