import net from "node:net";

/**
 * A stand-in for a server this machine cannot reach (Hologres): it speaks the PostgreSQL
 * v3 wire protocol on loopback, records every statement a real `pg` client sends (simple
 * and extended queries, COPY ... FROM STDIN with its data), and answers as `respond` says.
 * Only what lies below the client is fake: the writer's code, `pg` and `pg-copy-streams`
 * run as they do against a real server.
 */

export type RecordedStatement = {
  text: string;
  /** Parameters of an extended-protocol query, as text. */
  params?: Array<string | null>;
  /** The rows a COPY ... FROM STDIN sent, as received. */
  copyData?: string;
};

export type FakeAnswer = {
  /** Rows of a SELECT (every value as text). */
  rows?: Array<Record<string, string | null>>;
  /** The command tag; defaults from the statement (`INSERT 0 0`, `COPY n`, `BEGIN` ...). */
  command?: string;
  error?: { code: string; message: string };
};

export type FakePostgresServer = {
  port: number;
  statements: RecordedStatement[];
  close(): Promise<void>;
};

type Respond = (statement: RecordedStatement) => FakeAnswer | undefined;

function message(type: string, body: Buffer = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0, "latin1");
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

const cstring = (text: string): Buffer => Buffer.from(`${text}\0`, "utf8");

function int16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeInt16BE(n);
  return b;
}

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
}

function errorResponse(code: string, text: string): Buffer {
  return message("E", Buffer.concat([cstring("SERROR"), cstring("VERROR"), cstring(`C${code}`), cstring(`M${text}`), Buffer.from([0])]));
}

function defaultCommand(text: string, copyRows: number): string {
  const verb = text.trim().split(/\s+/)[0]!.toUpperCase();
  if (verb === "INSERT") return "INSERT 0 0";
  if (verb === "COPY") return `COPY ${copyRows}`;
  if (verb === "SELECT") return "SELECT 0";
  if (verb === "RELEASE" || verb === "ROLLBACK" || verb === "SAVEPOINT" || verb === "BEGIN" || verb === "COMMIT") return verb;
  return verb;
}

/** Answers: rows, the command tag, ReadyForQuery. */
function answer(socket: net.Socket, statement: RecordedStatement, reply: FakeAnswer | undefined, extended: boolean): void {
  if (reply?.error) {
    socket.write(errorResponse(reply.error.code, reply.error.message));
    if (!extended) socket.write(message("Z", Buffer.from("I")));
    return;
  }
  const rows = reply?.rows ?? [];
  if (rows.length > 0) {
    const names = Object.keys(rows[0]!);
    const fields = names.map((name) => Buffer.concat([cstring(name), int32(0), int16(0), int32(25), int16(-1), int32(-1), int16(0)]));
    socket.write(message("T", Buffer.concat([int16(names.length), ...fields])));
    for (const row of rows) {
      const values = names.map((name) => {
        const value = row[name];
        if (value === null || value === undefined) return int32(-1);
        const bytes = Buffer.from(value, "utf8");
        return Buffer.concat([int32(bytes.length), bytes]);
      });
      socket.write(message("D", Buffer.concat([int16(names.length), ...values])));
    }
  } else if (extended) {
    socket.write(message("n"));
  }
  const copyRows = statement.copyData ? statement.copyData.split("\n").length - 1 : 0;
  socket.write(message("C", cstring(reply?.command ?? (rows.length > 0 ? `SELECT ${rows.length}` : defaultCommand(statement.text, copyRows)))));
  if (!extended) socket.write(message("Z", Buffer.from("I")));
}

export async function startFakePostgresServer(options: { respond?: Respond; serverVersion?: string } = {}): Promise<FakePostgresServer> {
  const statements: RecordedStatement[] = [];
  const respond: Respond = options.respond ?? (() => undefined);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    let buffer = Buffer.alloc(0);
    let started = false;
    let copying: RecordedStatement | null = null;
    let copyChunks: Buffer[] = [];
    let pending: RecordedStatement | null = null;
    /** Named statements parsed on this connection: a later Bind names one without a Parse. */
    const prepared = new Map<string, string>();
    /** After an error in an extended query, messages are skipped up to Sync. */
    let failed = false;
    socket.on("data", (data) => {
      buffer = Buffer.concat([buffer, data]);
      for (;;) {
        if (!started) {
          if (buffer.length < 8) return;
          const length = buffer.readInt32BE(0);
          if (buffer.length < length) return;
          const code = buffer.readInt32BE(4);
          buffer = buffer.subarray(length);
          if (code === 80877103) {
            socket.write("N");
            continue;
          }
          started = true;
          socket.write(message("R", int32(0)));
          for (const [key, value] of [
            ["server_version", options.serverVersion ?? "11.3"],
            ["client_encoding", "UTF8"],
            ["standard_conforming_strings", "on"],
            ["integer_datetimes", "on"],
          ] as const) {
            socket.write(message("S", Buffer.concat([cstring(key), cstring(value)])));
          }
          socket.write(message("K", Buffer.concat([int32(4242), int32(1)])));
          socket.write(message("Z", Buffer.from("I")));
          continue;
        }
        if (buffer.length < 5) return;
        const type = String.fromCharCode(buffer[0]!);
        const length = buffer.readInt32BE(1);
        if (buffer.length < length + 1) return;
        const body = buffer.subarray(5, length + 1);
        buffer = buffer.subarray(length + 1);
        if (type === "Q") {
          const statement: RecordedStatement = { text: body.subarray(0, body.length - 1).toString("utf8") };
          if (/^\s*COPY\b[\s\S]*\bFROM\s+STDIN/i.test(statement.text)) {
            copying = statement;
            copyChunks = [];
            socket.write(message("G", Buffer.concat([Buffer.from([0]), int16(0)])));
            continue;
          }
          statements.push(statement);
          answer(socket, statement, respond(statement), false);
        } else if (type === "d" && copying) {
          copyChunks.push(Buffer.from(body));
        } else if ((type === "c" || type === "f") && copying) {
          const statement = copying;
          copying = null;
          statement.copyData = Buffer.concat(copyChunks).toString("utf8");
          statements.push(statement);
          if (type === "f") {
            socket.write(errorResponse("57014", "COPY from stdin failed"));
            socket.write(message("Z", Buffer.from("I")));
          } else {
            answer(socket, statement, respond(statement), false);
          }
        } else if (type === "P") {
          failed = false;
          const nameEnd = body.indexOf(0);
          const textEnd = body.indexOf(0, nameEnd + 1);
          const text = body.subarray(nameEnd + 1, textEnd).toString("utf8");
          if (nameEnd > 0) prepared.set(body.subarray(0, nameEnd).toString("utf8"), text);
          pending = { text };
          socket.write(message("1"));
        } else if (type === "B") {
          if (failed) continue;
          let at = body.indexOf(0) + 1;
          const statementEnd = body.indexOf(0, at);
          const statementName = body.subarray(at, statementEnd).toString("utf8");
          if (statementName !== "" && prepared.has(statementName)) pending = { text: prepared.get(statementName)! };
          if (!pending) continue;
          at = statementEnd + 1;
          const formats = body.readInt16BE(at);
          at += 2 + formats * 2;
          const count = body.readInt16BE(at);
          at += 2;
          const params: Array<string | null> = [];
          for (let i = 0; i < count; i++) {
            const size = body.readInt32BE(at);
            at += 4;
            if (size < 0) params.push(null);
            else {
              params.push(body.subarray(at, at + size).toString("utf8"));
              at += size;
            }
          }
          pending.params = params;
          socket.write(message("2"));
        } else if (type === "E") {
          if (failed || !pending) continue;
          const statement = pending;
          pending = null;
          statements.push(statement);
          const reply = respond(statement);
          answer(socket, statement, reply, true);
          if (reply?.error) failed = true;
        } else if (type === "S") {
          pending = null;
          failed = false;
          socket.write(message("Z", Buffer.from("I")));
        } else if (type === "X") {
          socket.end();
          return;
        }
        // Describe ('D') and Flush ('H') need no answer of their own here: Execute answers NoData or rows.
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    statements,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
