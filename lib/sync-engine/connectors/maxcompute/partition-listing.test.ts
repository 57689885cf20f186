import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMaxComputeClient, MaxComputeError } from ".";
import { parsePartitionListing } from "./partition-listing";

// A partition listing as a MaxCompute service may write it, with values the local service
// would refuse but a listing can still carry: blanks at the ends, quotes, CR and LF as
// character references (the only way an XML attribute keeps them), & < > as entities.
const VALUES = [" x ", "'quoted'", '"double"', "a\rb", "a\r\nb\tc", "&<>", "&amp;", "a,b", "10"];
const attribute = (value: string) =>
  value.replace(/[&<>"'\r\n\t]/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;", "\r": "&#13;", "\n": "&#xA;", "\t": "&#9;" })[ch]!);
const LISTING = `<?xml version="1.0" encoding="UTF-8"?>
<Partitions>
${VALUES.map((v) => `  <Partition>\n    <Column Name="SALE_DATE" Value="20261123"/>\n    <Column Name="sale_time" Value="${attribute(v)}"/>\n    <PartitionRecordCount>1</PartitionRecordCount>\n  </Partition>`).join("\n")}
  <Marker></Marker>
  <MaxItems>1000</MaxItems>
</Partitions>`;
const TABLE = `<?xml version="1.0" encoding="UTF-8"?>
<Table format="json"><Name>sales</Name><Schema><![CDATA[${JSON.stringify({
  columns: [{ name: "shop", type: "string" }],
  partitionKeys: [{ name: "sale_date", type: "string" }, { name: "sale_time", type: "string" }],
})}]]></Schema></Table>`;

describe("partition listings", () => {
  it("reads every value exactly: blanks, quotes, CR, LF, tab, & < >", () => {
    const { partitions, marker } = parsePartitionListing(LISTING);
    expect(marker).toBeUndefined();
    expect(partitions.map((p) => p.values)).toEqual(VALUES.map((v) => [["sale_date", "20261123"], ["sale_time", v]]));
  });

  it("gives the marker of the next page", () => {
    expect(parsePartitionListing("<Partitions><Marker>bmV4dA</Marker></Partitions>")).toEqual({ partitions: [], marker: "bmV4dA" });
  });
});

describe("a client listing partitions over HTTP", () => {
  let server: http.Server;
  const tunnelRequests: string[] = [];
  let base = "";

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      const url = new URL(request.url ?? "/", "http://stub");
      if (url.pathname.startsWith("/tunnel")) tunnelRequests.push(url.searchParams.get("partition") ?? "");
      const body = url.searchParams.has("partitions") ? LISTING : url.pathname.startsWith("/tunnel") ? JSON.stringify({ Code: "NoSuchPartition", Message: "no" }) : TABLE;
      response.writeHead(url.pathname.startsWith("/tunnel") ? 404 : 200, { "Content-Type": "application/xml" });
      response.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const client = () =>
    createMaxComputeClient({ endpoint: `${base}/api`, tunnelEndpoint: `${base}/tunnel`, project: "p1", accessKeyId: "LTAIstub", accessKeySecret: "stub-secret", timeoutMs: 5_000 });

  it("keeps each value exactly, and a filter written as the listing shows it finds just that partition", async () => {
    const c = client();
    try {
      const listed = await c.listAllPartitions("sales");
      expect(listed.map((p) => p.values[1][1])).toEqual(VALUES);
      for (const partition of listed) {
        expect((await c.resolvePartitions("sales", [partition.text])).map((p) => p.values)).toEqual([partition.values]);
      }
      expect((await c.resolvePartitions("sales", ["sale_time=' x '"])).map((p) => p.values[1][1])).toEqual([" x "]);
    } finally {
      c.close();
    }
  });

  it("asks Tunnel for a listed partition by its exact values, and refuses the ones its parameter cannot carry", async () => {
    const c = client();
    try {
      const listed = await c.listAllPartitions("sales");
      const padded = listed.find((p) => p.values[1][1] === " x ")!;
      await expect(c.openDownloadSession({ table: "sales", partition: padded.text })).rejects.toMatchObject({ code: "PARTITION_NOT_FOUND" });
      expect(tunnelRequests.at(-1)).toBe("sale_date=20261123,sale_time= x ");
      const withComma = listed.find((p) => p.values[1][1] === "a,b")!;
      const sent = tunnelRequests.length;
      const error = await c.openDownloadSession({ table: "sales", partition: withComma.text }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MaxComputeError);
      expect((error as MaxComputeError).code).toBe("BAD_REQUEST");
      expect((error as MaxComputeError).message).toContain("Partition value 'a,b' of sale_time contains ','");
      expect(tunnelRequests.length).toBe(sent);
    } finally {
      c.close();
    }
  });
});
