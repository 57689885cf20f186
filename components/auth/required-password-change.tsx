"use client";
import { useRouter } from "next/navigation";
import { ChangePasswordForm } from "./change-password-form";

export function RequiredPasswordChange() {
  const router = useRouter();
  return <ChangePasswordForm onChanged={() => router.replace("/")} />;
}
