// Share links and embeds: the scenario (the session's JSON and the editor's text) in the URL
// fragment, deflated with CompressionStream where the browser has it, as base64url.

export interface Shared {
  /** The session as `Cluster.save()` wrote it. */
  session: string;
  editor: string;
}

function toBase64Url(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(b64 + "===".slice((b64.length + 3) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const body = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(body).arrayBuffer());
}

/** `z.` + deflated base64url, or `j.` + plain base64url where CompressionStream is missing. */
export async function encodeShared(s: Shared): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(s));
  if (typeof CompressionStream === "function") {
    return `z.${toBase64Url(await pipe(bytes, new CompressionStream("deflate-raw")))}`;
  }
  return `j.${toBase64Url(bytes)}`;
}

/** The scenario a share fragment carries; throws a message when it is damaged. */
export async function decodeShared(text: string): Promise<Shared> {
  const [kind, body] = [text.slice(0, 2), text.slice(2)];
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Url(body);
    if (kind === "z.") bytes = await pipe(bytes, new DecompressionStream("deflate-raw"));
    else if (kind !== "j.") throw new Error("unknown encoding");
  } catch {
    throw new Error("the link is damaged (it does not decode)");
  }
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new Error("the link is damaged (not JSON)");
  }
  const v = value as Partial<Shared>;
  if (typeof v !== "object" || v === null || typeof v.session !== "string") {
    throw new Error("the link is damaged (no session in it)");
  }
  return { session: v.session, editor: typeof v.editor === "string" ? v.editor : "" };
}

export function shareUrl(fragment: string): string {
  const url = new URL(location.href);
  url.search = "";
  url.hash = `s=${fragment}`;
  return url.toString();
}
