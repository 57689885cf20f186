import { z } from "zod";

/**
 * The guide's rule for data source, workflow, node, resource group and workspace names.
 * One message for every way a name breaks it, saying what is allowed: "must start with a
 * letter" told someone who typed `名字` (which starts with a letter) nothing. Names are
 * also unique without regard to case; the data layer checks that.
 */
export const objectName = (label: string) =>
  z
    .string({ error: `${label} is required.` })
    .trim()
    .min(1, `${label} is required.`)
    .max(64, `${label} must be at most 64 characters.`)
    // Empty text is reported once, by min(1), not again by the pattern.
    .regex(
      /^(?:[A-Za-z][A-Za-z0-9_]*)?$/,
      `${label} may use only the letters A-Z and a-z, digits and underscores, and must start with a letter (like sales_2024).`,
    );

export const description = (label = "Description") =>
  z.string().trim().max(80, `${label} must be at most 80 characters.`).default("");

export const httpUrl = (label: string) =>
  z
    .string({ error: `${label} is required.` })
    .trim()
    .min(1, `${label} is required.`)
    .refine((value) => {
      try {
        const url = new URL(value);
        return (url.protocol === "http:" || url.protocol === "https:") && Boolean(url.hostname);
      } catch {
        return false;
      }
    }, `${label} must be a valid http:// or https:// URL.`);

export const requiredText = (label: string, max = 200) =>
  z
    .string({ error: `${label} is required.` })
    .trim()
    .min(1, `${label} is required.`)
    .max(max, `${label} must be at most ${max} characters.`);

/** Field errors keyed by field path, as the forms show them. */
export type FieldErrors = Record<string, string[] | undefined>;

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "form";
    (errors[key] ??= []).push(issue.message);
  }
  return errors;
}

export type ActionResult<T = undefined> =
  | ({ ok: true } & (T extends undefined ? object : { data: T }))
  | { ok: false; message: string; fieldErrors?: FieldErrors };

/** Input of actions that act on one object by id (delete, describe, switch). */
export const idInputSchema = z.object({ id: z.string({ error: "Say which one." }).min(1, "Say which one.") });

/** Input of actions that change an object from a form whose schema is applied inside. */
export const idWithFormInputSchema = idInputSchema.extend({ form: z.unknown() });
