// Reads a request body (bounded) and parses JSON or multipart/form-data with `files[n]` + `payload_json`,
// the two encodings @discordjs/rest uses. Multipart goes through the platform's own Response#formData.

import type { IncomingMessage } from 'node:http';
import { Errors } from './api-error.ts';

export interface UploadedFile {
  /** Form field name, e.g. `files[0]`. */
  field: string;
  /** Index n of `files[n]`: what `attachments[].id` refers to in payload_json. */
  index: number;
  filename: string;
  contentType: string | null;
  data: Buffer;
}

export interface ParsedBody {
  json: unknown;
  files: UploadedFile[];
}

/** Above Discord's 10 MiB file limit so an oversized file reaches validation and gets its 50035. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => (tooLarge ? reject(Errors.tooLarge()) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

export async function parseRequestBody(raw: Buffer, contentType: string | undefined): Promise<ParsedBody> {
  if (raw.length === 0) return { json: undefined, files: [] };
  const ct = contentType ?? '';
  if (ct.startsWith('multipart/form-data')) {
    let form: FormData;
    try {
      form = await new Response(raw, { headers: { 'content-type': ct } }).formData();
    } catch {
      throw Errors.invalidFormBody({ _errors: [{ code: 'MULTIPART_INVALID', message: 'Invalid multipart body' }] });
    }
    let json: unknown;
    const files: UploadedFile[] = [];
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') json = parseJson(value);
        continue;
      }
      const match = /^files\[(\d+)\]$/.exec(field);
      files.push({
        field,
        index: match ? Number(match[1]) : files.length,
        filename: value.name || `file${files.length}`,
        contentType: value.type || null,
        data: Buffer.from(await value.arrayBuffer()),
      });
    }
    return { json, files };
  }
  // OAuth2's token endpoint takes a form, as on Discord.
  if (ct.startsWith('application/x-www-form-urlencoded')) return { json: Object.fromEntries(new URLSearchParams(raw.toString('utf8'))), files: [] };
  return { json: parseJson(raw.toString('utf8')), files: [] };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw Errors.invalidJson();
  }
}
