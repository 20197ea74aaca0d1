import type { Request } from 'express';
import { AppErrorCode, AppException } from '../common/errors/app.exception';

/**
 * The request body as text, for uploads sent as text/csv (which no global parser reads). A body
 * over the limit is drained and refused with a clear message; one far over it is cut off.
 */
export async function readTextBody(req: Request, maxBytes: number): Promise<string> {
  if (typeof req.body === 'string') return req.body;
  const json = req.body as { csv?: unknown } | undefined;
  if (json && typeof json === 'object') return typeof json.csv === 'string' ? json.csv : '';

  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes * 8) {
      req.destroy();
      break;
    }
    if (size <= maxBytes) chunks.push(chunk);
  }
  if (size > maxBytes) {
    const mb = Math.round(maxBytes / 1024 / 1024);
    throw new AppException(AppErrorCode.ValidationFailed, `The file is over ${mb} MB; split it`);
  }

  return Buffer.concat(chunks).toString('utf8');
}
