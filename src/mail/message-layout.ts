/**
 * The one layout of every message: a list of blocks turned into a plain-text part and a simple,
 * accessible HTML part (one column, real text, a `lang` attribute, links with their words, no
 * images or remote resources, inline styles only since mail clients drop style sheets). Every
 * string is escaped here, so a message's content is plain text whatever its source.
 */
import type { Language } from '../i18n/index.js';

export type MessageBlock =
  /** A paragraph; line breaks are kept. */
  | { text: string }
  /** A paragraph in bold (the figure that matters: an amount due). */
  | { strong: string }
  /** A link written out in full in the text part. */
  | { link: { label: string; url: string } };

export interface MessageContent {
  language: Language;
  subject: string;
  blocks: readonly MessageBlock[];
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');

const paragraph = (html: string) => `<p style="margin:0 0 16px">${html}</p>`;
const lines = (text: string) => escapeHtml(text).replaceAll(/\r?\n/g, '<br>');

function blockText(block: MessageBlock): string {
  if ('text' in block) return block.text;
  if ('strong' in block) return block.strong;
  return `${block.link.label}: ${block.link.url}`;
}

function blockHtml(block: MessageBlock): string {
  if ('text' in block) return paragraph(lines(block.text));
  if ('strong' in block) return paragraph(`<strong>${lines(block.strong)}</strong>`);
  const { label, url } = block.link;
  return paragraph(`<a href="${escapeHtml(url)}" style="color:#0b57d0;text-decoration:underline">${escapeHtml(label)}</a>`);
}

export function renderMessage({ language, subject, blocks }: MessageContent): RenderedMessage {
  const text = `${blocks.map(blockText).join('\n\n')}\n`;
  const html = [
    '<!doctype html>',
    `<html lang="${language}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title></head>`,
    '<body style="margin:0;padding:24px 16px;background:#ffffff;color:#1f1f1f;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5">',
    '<div role="article" style="max-width:600px;margin:0 auto">',
    ...blocks.map(blockHtml),
    '</div>',
    '</body></html>',
    '',
  ].join('\n');
  return { subject, text, html };
}
