import net from "node:net";
import nodemailer from "nodemailer";
import { EndpointRefusedError, resolveAllowedAddresses } from "@/lib/sync-engine/endpoint-guard";
import { DeliveryError } from "./post-json";

export type SmtpConnection = {
  host: string;
  port: number;
  security: string;
  username: string;
  password: string;
  fromAddress: string;
};

/**
 * Sends one alert e-mail through the workspace's SMTP server with nodemailer. The host
 * is resolved and checked like any user-given endpoint, and nodemailer connects to the
 * checked address (TLS still verifies the certificate against the host name). Every
 * phase has the delivery timeout, and the whole exchange is cut at it too.
 */
export async function sendAlertEmail(input: { smtp: SmtpConnection; to: string; subject: string; text: string; timeoutMs: number }): Promise<void> {
  const { smtp } = input;
  let address = smtp.host;
  try {
    if (!net.isIP(smtp.host)) address = (await resolveAllowedAddresses(smtp.host, { endpoint: `SMTP server ${smtp.host}` }))[0].address;
    else await resolveAllowedAddresses(smtp.host, { endpoint: `SMTP server ${smtp.host}`, lookup: async (host) => [{ address: host, family: net.isIP(host) }] });
  } catch (error) {
    if (error instanceof EndpointRefusedError) throw new DeliveryError(error.message, false);
    throw new DeliveryError(`The SMTP host ${smtp.host} was not found (DNS).`);
  }
  const transport = nodemailer.createTransport({
    host: address,
    port: smtp.port,
    secure: smtp.security === "tls",
    requireTLS: smtp.security === "starttls",
    ignoreTLS: smtp.security === "none",
    tls: { servername: net.isIP(smtp.host) ? undefined : smtp.host },
    auth: smtp.username ? { user: smtp.username, pass: smtp.password } : undefined,
    connectionTimeout: input.timeoutMs,
    greetingTimeout: input.timeoutMs,
    socketTimeout: input.timeoutMs,
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      transport.sendMail({ from: smtp.fromAddress, to: input.to, subject: input.subject, text: input.text }),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new DeliveryError(`The SMTP server ${smtp.host}:${smtp.port} did not finish within ${input.timeoutMs / 1000} s.`)), input.timeoutMs);
      }),
    ]);
  } catch (error) {
    if (error instanceof DeliveryError) throw error;
    throw smtpError(error, smtp);
  } finally {
    clearTimeout(timer);
    transport.close();
  }
}

function smtpError(error: unknown, smtp: SmtpConnection): DeliveryError {
  const where = `${smtp.host}:${smtp.port}`;
  const { code, responseCode, response } = error as { code?: string; responseCode?: number; response?: string };
  if (code === "ECONNREFUSED" || code === "ESOCKET" && /ECONNREFUSED/.test(String((error as Error).message))) return new DeliveryError(`The SMTP server ${where} refused the connection.`);
  if (code === "ETIMEDOUT") return new DeliveryError(`The SMTP server ${where} did not answer in time.`);
  if (code === "EAUTH") return new DeliveryError(`The SMTP server ${where} refused the user name or password (${responseCode ?? "no code"}). Check Workspace settings > SMTP.`, false);
  // The server's own reply (e.g. "550 5.1.1 mailbox unavailable") says what is wrong; it
  // never contains the password.
  if (responseCode) return new DeliveryError(`The SMTP server ${where} answered ${String(response ?? responseCode).slice(0, 300)}`, responseCode < 500);
  return new DeliveryError(`Could not send through ${where}: ${code ?? (error as Error).message}.`);
}
