import { headers } from "next/headers";
import { ButtonLink } from "@/components/ui/button";

export const metadata = { title: "Not found" };

// Reading the request's headers renders this page per request, so Next.js can put the
// Content-Security-Policy nonce (proxy.ts) on its scripts; a prerendered 404 has none.
export default async function NotFound() {
  await headers();
  return (
    <main className="mx-auto mt-24 max-w-md rounded-lg border border-slate-200 bg-white p-6 text-sm">
      <h1 className="mb-2 text-lg font-semibold">Not found</h1>
      <p className="mb-4 text-slate-600">There is nothing at this address, or you may not see it in the current workspace.</p>
      <ButtonLink href="/">Back to the console</ButtonLink>
    </main>
  );
}
