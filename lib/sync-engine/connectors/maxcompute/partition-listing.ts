import { XMLParser } from "fast-xml-parser";
import { partitionSpecFromValues, type PartitionSpec } from "./partition-spec";

// Partition values are attribute values that must come back exactly: nothing trimmed
// (`trimValues` would trim attributes too, and MaxCompute keeps blanks at the ends of
// values, as in CHAR partitions), and character references decoded. fast-xml-parser decodes
// numeric references (`&#13;`, the only way XML carries a carriage return in an attribute)
// only with `htmlEntities`; the named HTML entities that option also knows never occur in
// MaxCompute's XML, and escaped text such as `&amp;nbsp;` still reads back as `&nbsp;`.
const partitionsXml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  htmlEntities: true,
  isArray: (name) => name === "Partition" || name === "Column",
});

type XmlPartitions = {
  Partitions?: {
    Partition?: { Column?: { "@Name"?: string; "@Value"?: string }[] }[];
    Marker?: string;
  };
};

/**
 * Reads a partition listing (`GET /projects/<p>/tables/<t>?partitions`):
 * `<Partitions><Partition><Column Name=".." Value=".."/>...</Partition><Marker/></Partitions>`.
 * Names are lower-cased (MaxCompute names are case-insensitive); values are taken exactly.
 */
export function parsePartitionListing(body: string): { partitions: PartitionSpec[]; marker?: string } {
  const parsed = partitionsXml.parse(body) as XmlPartitions;
  const partitions = (parsed.Partitions?.Partition ?? []).map((p) =>
    partitionSpecFromValues((p.Column ?? []).map((c) => [String(c["@Name"] ?? "").trim().toLowerCase(), String(c["@Value"] ?? "")])),
  );
  const marker = typeof parsed.Partitions?.Marker === "string" ? parsed.Partitions.Marker.trim() : "";
  return { partitions, ...(marker ? { marker } : {}) };
}
