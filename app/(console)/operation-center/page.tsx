import { redirect } from "next/navigation";

export default function OperationCenterPage() {
  redirect("/operation-center/nodes");
}
