import { requireUser } from "@/lib/auth/current-user";

export default async function NoWorkspacePage() {
  const user = await requireUser();
  return (
    <main className="mx-auto mt-24 max-w-md rounded-lg border border-slate-200 bg-white p-6 text-sm">
      <h1 className="mb-2 text-lg font-semibold">No workspace yet</h1>
      <p className="text-slate-600">
        {user.displayName}, you are not a member of any workspace. Ask an administrator to add you, or run{" "}
        <code className="rounded bg-slate-100 px-1">npm start</code>, which creates the demo workspace.
      </p>
    </main>
  );
}
