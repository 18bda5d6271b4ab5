/** Logo images for tests: PNGs encoded here (any size, with or without alpha, noise that does not compress), JPEG and GIF fixtures. */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

export interface PngOptions {
  alpha?: boolean;
  /** Random pixels: they do not compress. */
  noise?: boolean;
  /** Replaces the compressed pixel data (to make one that does not decode). */
  idat?: Buffer;
}

/** An 8-bit RGB(A) PNG: a blue-to-orange gradient, or noise. */
export function pngImage(width: number, height: number, { alpha = false, noise = false, idat }: PngOptions = {}): Buffer {
  const channels = alpha ? 4 : 3;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, alpha ? 6 : 2, 0, 0, 0], 8);
  const gradient = Buffer.alloc(width * channels);
  for (let x = 0; x < width; x += 1) gradient.set([(x * 255) / width, 80, 255 - (x * 255) / width, 255].slice(0, channels), x * channels);
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y += 1) rows.push(Buffer.from([0]), noise ? randomBytes(width * channels) : gradient);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const pixels = idat ?? deflateSync(Buffer.concat(rows));
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));

/** A 240 × 80 grey baseline JPEG (made by hand: one DC value, no AC, minimal Huffman tables). */
export const jpegLogo = () => fixture('logo.jpg');
/** A 1 × 1 GIF: an image, but not one a logo may be. */
export const gifImage = () => fixture('logo.gif');
