import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Synclane", template: "%s · Synclane" },
  description: "Batch data synchronization from MaxCompute to Hologres",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
