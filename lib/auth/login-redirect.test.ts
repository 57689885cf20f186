import { describe, expect, it } from "vitest";
import { safeNextPath } from "./login-redirect";

// Finding 7: `next` decoded from the query string sent the browser to another host.
describe("where a login sends the browser", () => {
  it.each([
    // What the login page receives for ?next=/%5Cexample.invalid/ and ?next=/%09/example.invalid/
    { next: "/\\example.invalid/", target: "/" },
    { next: "/\t/example.invalid/", target: "/" },
    { next: "/\n/example.invalid/", target: "/" },
    { next: "//example.invalid", target: "/" },
    { next: "/\\\\example.invalid", target: "/" },
    { next: "\\\\example.invalid", target: "/" },
    { next: "https://example.invalid/", target: "/" },
    { next: "javascript:alert(1)", target: "/" },
    { next: "data:text/html,hi", target: "/" },
    { next: "http://localhost:3000/runs", target: "/" },
    { next: "", target: "/" },
    { next: undefined, target: "/" },
    // Same origin, kept (as the URL parser writes it).
    { next: "/runs?x=1", target: "/runs?x=1" },
    { next: "/workflows/abc#mappings", target: "/workflows/abc#mappings" },
    { next: "/%5Cexample.invalid/", target: "/%5Cexample.invalid/" },
    { next: "/data-sources/../runs", target: "/runs" },
    { next: "runs", target: "/runs" },
    // Same scheme, no slashes: the parser (and the browser) read it as a relative path.
    { next: "http:example.invalid", target: "/example.invalid" },
  ])("$next -> $target", ({ next, target }) => {
    expect(safeNextPath(next)).toBe(target);
  });

  it("keeps a path that the browser cannot read as another host", () => {
    const target = safeNextPath("/%5Cexample.invalid/");
    expect(new URL(target, "http://localhost:3000").origin).toBe("http://localhost:3000");
  });
});
