/**
 * A logo upload checked by decoding it, not by its header alone: image-size reads the type and
 * dimensions, pdfkit's own decoder opens it as the renderer will (png-js for PNG, its JPEG reader),
 * and a PNG's compressed pixels must inflate to exactly the size its header promises. Runs in the
 * PDF worker pool: inflating up to 4000 × 4000 pixels is CPU work the event loop must not do.
 */
import { once } from 'node:events';
import { createInflate } from 'node:zlib';
import { imageSize } from 'image-size';
import PDFDocument from 'pdfkit';
import { type LogoMediaType, MAX_LOGO_PIXELS } from '../../base/vocabulary.js';
import { openImage } from './open-image.js';

export type LogoInspection =
  | { ok: true; mediaType: LogoMediaType; width: number; height: number }
  | { ok: false; problem: 'not_an_image' | 'undecodable' | 'too_many_pixels'; detail: string };

const mediaTypeOf: Readonly<Record<string, LogoMediaType>> = { png: 'image/png', jpg: 'image/jpeg' };

/** What pdfkit's PNG reader (png-js) exposes of a parsed PNG. */
interface ParsedPng {
  width: number;
  height: number;
  bits: number;
  colors: number;
  hasAlphaChannel: boolean;
  interlaceMethod: number;
  imgData: Uint8Array;
}

/** Bytes of the filtered scanlines a non-interlaced PNG of this header holds (one filter byte per row). */
function scanlineBytes(png: ParsedPng): number {
  const bitsPerPixel = png.bits * (png.colors + (png.hasAlphaChannel ? 1 : 0));
  return png.height * (1 + Math.ceil((png.width * bitsPerPixel) / 8));
}

/** Inflates the PNG's pixel data without keeping it; the bytes it makes, or -1 past `limit`. */
async function inflatedLength(data: Uint8Array, limit: number): Promise<number> {
  const inflate = createInflate();
  let length = 0;
  inflate.on('data', (chunk: Buffer) => {
    length += chunk.length;
    if (length > limit) inflate.destroy();
  });
  inflate.end(data);
  try {
    await once(inflate, 'end');
  } catch {
    return -1;
  }
  return length > limit ? -1 : length;
}

export async function inspectLogo(bytes: Uint8Array): Promise<LogoInspection> {
  let size: ReturnType<typeof imageSize>;
  try {
    size = imageSize(bytes);
  } catch {
    return { ok: false, problem: 'not_an_image', detail: 'The body is not a PNG or JPEG image' };
  }
  const mediaType = size.type === undefined ? undefined : mediaTypeOf[size.type];
  if (!mediaType) return { ok: false, problem: 'not_an_image', detail: `The body is ${size.type ?? 'an unknown'} image, not a PNG or JPEG` };
  const { width, height } = size;
  if (width > MAX_LOGO_PIXELS || height > MAX_LOGO_PIXELS) {
    return { ok: false, problem: 'too_many_pixels', detail: `The image is ${width} × ${height} px; at most ${MAX_LOGO_PIXELS} × ${MAX_LOGO_PIXELS}` };
  }
  const undecodable = { ok: false, problem: 'undecodable', detail: `The ${mediaType} image does not decode` } as const;
  try {
    const opened = openImage(new PDFDocument({ autoFirstPage: false }), Buffer.from(bytes)) as { image?: ParsedPng; width: number; height: number };
    if (opened.width !== width || opened.height !== height) return undecodable;
    const png = opened.image;
    if (mediaType === 'image/png' && png) {
      const expected = scanlineBytes(png);
      // Adam7 rows are shorter but more; never more than the plain size plus a filter byte per pass row.
      const length = await inflatedLength(png.imgData, expected + 7 * png.height);
      if (length < 0 || (png.interlaceMethod === 0 && length !== expected)) return undecodable;
    }
  } catch {
    return undecodable;
  }
  return { ok: true, mediaType, width, height };
}
