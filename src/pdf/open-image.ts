/** pdfkit's image decoder (its JPEG reader, png-js for PNG), which its typings do not list. */
import type PDFDocument from 'pdfkit';

type Doc = InstanceType<typeof PDFDocument>;

export interface OpenedImage {
  width: number;
  height: number;
}

/** Opens a PNG or JPEG as pdfkit will draw it; throws when it cannot. */
export const openImage = (doc: Doc, image: Buffer): OpenedImage =>
  (doc as unknown as { openImage(src: Buffer): OpenedImage }).openImage(image);
