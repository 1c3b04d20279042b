import type { ReactNode } from "react";

export type NoticeTone = "info" | "warning" | "success" | "error";

const tones: Record<NoticeTone, string> = {
  info: "border-brand-100 bg-brand-50 text-brand-900",
  warning: "border-amber-200 bg-amber-50 text-amber-900",
  success: "border-emerald-200 bg-emerald-50 text-emerald-800",
  error: "border-red-200 bg-red-50 text-red-800",
};

/**
 * A message box above or inside a page: what was saved, what went wrong, what to know. Errors are alerts (read out
 * at once), the rest status messages; `role` overrides that where a warning must interrupt.
 */
export function Notice({
  tone = "info",
  role,
  className,
  children,
}: {
  tone?: NoticeTone;
  role?: "alert" | "status";
  className?: string;
  children: ReactNode;
}) {
  return (
    <div
      role={role ?? (tone === "error" ? "alert" : "status")}
      className={`rounded-md border px-3 py-2 text-sm ${tones[tone]} ${className ?? ""}`}
    >
      {children}
    </div>
  );
}
