"use client";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { logOut } from "@/lib/actions/log-out";
import { confirmLeave } from "@/lib/leave-guard";

export function UserMenu({ displayName, username, roleLabel }: { displayName: string; username: string; roleLabel: string }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const close = (event: MouseEvent) => {
      if (!ref.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("click", close);
    return () => document.removeEventListener("click", close);
  }, []);
  return (
    <div ref={ref} className="relative">
      <button
        type="button"
        onClick={() => setOpen(!open)}
        aria-expanded={open}
        className="flex items-center gap-2 rounded-md px-2 py-1 text-sm text-slate-200 hover:bg-slate-800"
      >
        <span className="flex h-6 w-6 items-center justify-center rounded-full bg-brand-500 text-xs font-semibold text-white">
          {displayName.slice(0, 1).toUpperCase()}
        </span>
        {displayName}
        <span className="rounded bg-slate-700 px-1.5 py-0.5 text-[11px] text-slate-200" title="Your role in this workspace">
          {roleLabel}
        </span>
      </button>
      {open && (
        <div className="absolute right-0 z-20 mt-1 w-52 rounded-md border border-slate-200 bg-white py-1 text-sm text-slate-700 shadow-lg">
          <p className="border-b border-slate-100 px-3 py-2 text-xs text-slate-500">Signed in as {username}</p>
          <Link href="/account" className="block px-3 py-2 hover:bg-slate-50" onClick={() => setOpen(false)}>
            Change password
          </Link>
          <form action={logOut} onSubmit={(event) => void (!confirmLeave() && event.preventDefault())}>
            <button type="submit" className="block w-full px-3 py-2 text-left hover:bg-slate-50">
              Log out
            </button>
          </form>
        </div>
      )}
    </div>
  );
}
