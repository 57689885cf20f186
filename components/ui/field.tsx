import type { ComponentProps, ReactNode } from "react";

export const inputClass =
  "block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm placeholder:text-slate-400 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100 disabled:bg-slate-100 aria-invalid:border-red-400 aria-invalid:ring-red-100";

// Inputs fill their row unless the caller gives a width (w-24, max-w-xs ...): with both
// classes present, which one wins would depend on the stylesheet's order, not ours.
function withWidth(className: string) {
  return /(^|\s)(max-)?w-/.test(className) ? `${inputClass} ${className}` : `${inputClass} w-full ${className}`;
}

/** A labelled form row: label on the left as in DataWorks' dialogs, the error under the input. */
export function Field({
  label,
  htmlFor,
  required,
  hint,
  errors,
  children,
  compact,
}: {
  /** A narrower label column, for side-by-side panels. */
  compact?: boolean;
  label: string;
  htmlFor?: string;
  required?: boolean;
  hint?: ReactNode;
  errors?: string[];
  children: ReactNode;
}) {
  return (
    <div className={`grid grid-cols-1 gap-1.5 sm:gap-4 ${compact ? "sm:grid-cols-[110px_1fr]" : "sm:grid-cols-[180px_1fr]"}`}>
      <label htmlFor={htmlFor} className="pt-2 text-sm font-medium text-slate-700 sm:text-right">
        {required && <span className="mr-0.5 text-red-500">*</span>}
        {label}
      </label>
      <div className="min-w-0">
        {children}
        {errors?.length ? (
          <p id={htmlFor ? `${htmlFor}-error` : undefined} role="alert" className="mt-1 text-xs text-red-600">
            {errors[0]}
          </p>
        ) : hint ? (
          <p className="mt-1 text-xs text-slate-500">{hint}</p>
        ) : null}
      </div>
    </div>
  );
}

export function TextInput({ invalid, className = "", ...props }: ComponentProps<"input"> & { invalid?: boolean }) {
  return (
    <input
      aria-invalid={invalid || undefined}
      aria-describedby={invalid && props.id ? `${props.id}-error` : undefined}
      className={withWidth(className)}
      {...props}
    />
  );
}

export function SelectInput({ invalid, className = "", ...props }: ComponentProps<"select"> & { invalid?: boolean }) {
  return <select aria-invalid={invalid || undefined} className={withWidth(className)} {...props} />;
}

export function TextArea({ invalid, className = "", ...props }: ComponentProps<"textarea"> & { invalid?: boolean }) {
  return <textarea aria-invalid={invalid || undefined} className={withWidth(className)} {...props} />;
}
