import "server-only";
import { NextResponse } from "next/server";
import { redirect } from "next/navigation";
import type { z } from "zod";
import { failure, isNextControlFlow } from "@/lib/actions/action-result";
import { catalogErrorMessage } from "@/lib/catalog/catalog-errors";
import { ConsoleError } from "@/lib/console-error";
import type { UserView } from "@/lib/data/users";
import type { ActionResult } from "@/lib/schemas/common";
import { findConsoleContext, getCurrentUser, type ConsoleContext } from "./current-user";
import { permissionLabels, roleCan, roleLabels, type WorkspacePermission } from "./roles";

/**
 * Who may call an action or a route: a workspace permission (checked against the user's
 * role in the workspace chosen in the header), `consoleAdmin` (console administrators:
 * users, workspaces, resource groups) or `signedIn` (any signed-in user: their own
 * password, switching workspace).
 */
export type Access = WorkspacePermission | "consoleAdmin" | "signedIn";

type UserContext = { user: UserView };
type ContextOf<A extends Access> = A extends WorkspacePermission ? ConsoleContext : UserContext;

class AccessDenied extends ConsoleError {
  constructor(message: string, readonly status: 401 | 403) {
    super("FORBIDDEN", message);
  }
}

const signInAgain = "Your session has ended. Sign in again.";
const changePasswordFirst = "An administrator set your password: choose your own first (you are asked at /password-change).";

/** Resolves the caller for an access level, or throws AccessDenied saying what is missing. */
async function authorize<A extends Access>(access: A): Promise<ContextOf<A>> {
  if (access === "signedIn" || access === "consoleAdmin") {
    const user = await getCurrentUser();
    if (!user) throw new AccessDenied(signInAgain, 401);
    if (access === "consoleAdmin" && user.mustChangePassword) throw new AccessDenied(changePasswordFirst, 403);
    if (access === "consoleAdmin" && !user.isAdmin) {
      throw new AccessDenied("Only console administrators can do this. Ask an administrator.", 403);
    }
    return { user } as ContextOf<A>;
  }
  const context = await findConsoleContext();
  if (context?.user.mustChangePassword) throw new AccessDenied(changePasswordFirst, 403);
  if (!context) {
    if (await getCurrentUser()) throw new AccessDenied("You are not a member of any workspace. Ask an administrator to add you.", 403);
    throw new AccessDenied(signInAgain, 401);
  }
  const permission = access as WorkspacePermission;
  if (!roleCan(context.role, permission)) {
    throw new AccessDenied(
      `Your role in workspace "${context.workspace.displayName}" is ${roleLabels[context.role]}, which cannot ${permissionLabels[permission]}. Ask a workspace administrator.`,
      403,
    );
  }
  return context as ContextOf<A>;
}

/**
 * The one shape of every server action: check the session and the role, parse the input
 * with the form's zod schema, run the handler, and map what it throws to the form's
 * result in one place. A caller without a session is sent to the login page.
 */
export function authedAction<A extends Access, S extends z.ZodType, R = undefined>(
  access: A,
  schema: S,
  handler: (input: z.output<S>, context: ContextOf<A>) => Promise<R>,
): (input: z.input<S>) => Promise<ActionResult<R>> {
  return async (input) => {
    try {
      const context = await authorize(access);
      const data = await handler(schema.parse(input), context);
      return (data === undefined ? { ok: true } : { ok: true, data }) as ActionResult<R>;
    } catch (error) {
      if (error instanceof AccessDenied && error.status === 401) redirect("/login");
      return failure(error);
    }
  };
}

type RouteParams = Record<string, string>;

/**
 * The same for route handlers (JSON for the pages' queries): 401 without a session, 403
 * for a role that may not, `{ message }` with the connector's words for a failed read.
 */
export function authedRoute<A extends Access, P extends RouteParams = RouteParams>(
  access: A,
  handler: (request: Request, context: ContextOf<A> & { params: P }) => Promise<unknown>,
): (request: Request, route: { params: Promise<P> }) => Promise<NextResponse> {
  return async (request, route) => {
    try {
      const context = await authorize(access);
      const body = await handler(request, { ...context, params: await route.params });
      return body instanceof NextResponse ? body : NextResponse.json(body, { headers: { "Cache-Control": "no-store" } });
    } catch (error) {
      if (error instanceof AccessDenied) return NextResponse.json({ message: error.message }, { status: error.status });
      if (isNextControlFlow(error)) throw error;
      const { status, message } = catalogErrorMessage(error);
      return NextResponse.json({ message }, { status });
    }
  };
}
