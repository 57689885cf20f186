/** GETs one of Operation Center's JSON routes; a signed-out request lands on the login page (HTML). */
export async function fetchJson<T>(url: string, what: string): Promise<T> {
  const response = await fetch(url, { cache: "no-store" });
  if (response.redirected || !response.headers.get("content-type")?.includes("application/json")) {
    throw new Error(`Your session ended. Sign in again to follow ${what}.`);
  }
  const body = (await response.json()) as T | { message: string };
  if (!response.ok) throw new Error(body && typeof body === "object" && "message" in body ? body.message : `${what} could not be loaded (${response.status}).`);
  return body as T;
}
