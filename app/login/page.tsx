import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/current-user";
import { safeNextPath } from "@/lib/auth/login-redirect";
import { LoginForm } from "@/components/auth/login-form";
import { Logo } from "@/components/layout/logo";

export const metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  // The action checks `next` again; checking it here too keeps a foreign target out of the page.
  const { next } = await searchParams;
  const target = safeNextPath(typeof next === "string" ? next : undefined);
  if (await getCurrentUser()) redirect(target);
  return (
    <main className="flex min-h-full items-center justify-center bg-gradient-to-br from-slate-100 via-white to-brand-50 px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex justify-center">
          <Logo size="lg" />
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-7 shadow-sm">
          <h1 className="mb-1 text-lg font-semibold text-slate-900">Sign in to Synclane</h1>
          <p className="mb-5 text-sm text-slate-500">Batch synchronization from MaxCompute to Hologres.</p>
          <LoginForm next={target === "/" ? undefined : target} />
        </div>
        <p className="mt-4 text-center text-xs text-slate-500">
          The first <code className="rounded bg-slate-100 px-1">npm start</code> wrote the admin password to <code className="rounded bg-slate-100 px-1">.synclane/admin-password.txt</code>.
        </p>
      </div>
    </main>
  );
}
