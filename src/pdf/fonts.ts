/**
 * The fonts a PDF embeds, all shipped by npm packages: DejaVu Sans (Latin, Greek, Cyrillic,
 * Arabic, Hebrew, Armenian, Georgian and many symbols) first; Noto Sans CJK SC (Chinese and
 * Japanese) and Noto Emoji for what DejaVu lacks. A character none of them has (Hangul, Thai,
 * Devanagari…) is drawn as U+FFFD so the document still renders. The fallback fonts are large,
 * so a process reads them only when a text first needs them, then keeps them.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { create, type Font } from 'fontkit';

const require = createRequire(import.meta.url);
const dejaVu = (file: string) => require.resolve(`dejavu-fonts-ttf/ttf/${file}`);

export type FontName = 'regular' | 'bold' | 'cjk' | 'emoji';
export type PrimaryFont = 'regular' | 'bold';

const fontFiles: Record<FontName, string> = {
  regular: dejaVu('DejaVuSans.ttf'),
  bold: dejaVu('DejaVuSans-Bold.ttf'),
  // The package exports only its index (in dist/); the fonts sit beside dist/.
  cjk: join(dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts', 'NotoSansHans-Regular.otf'),
  emoji: require.resolve('@expo-google-fonts/noto-emoji/400Regular/NotoEmoji_400Regular.ttf'),
};

const fallbacks: readonly FontName[] = ['cjk', 'emoji'];

const loaded = new Map<FontName, Font>();

/**
 * The parsed font, kept for the life of the process: pdfkit takes a fontkit Font as well as
 * bytes, so each document subsets it without parsing the file again.
 */
export function fontkitFont(name: FontName): Font {
  let font = loaded.get(name);
  if (!font) {
    const parsed = create(readFileSync(fontFiles[name]));
    if (!('hasGlyphForCodePoint' in parsed)) throw new Error(`${fontFiles[name]} is a font collection`);
    font = keepingGlyphText(parsed);
    loaded.set(name, font);
  }
  return font;
}

/**
 * fontkit keeps each glyph with the characters it was first made for, and pdfkit maps a glyph to
 * text (copy, search, pdftotext) by those characters. Subsetting a composite glyph (`Ż`) makes its
 * components (`Z`) with none; a later document of the process drawing `Z` would then map it to no
 * text. A glyph asked for with its characters gets them back.
 */
function keepingGlyphText(font: Font): Font {
  const getGlyph = font.getGlyph.bind(font);
  font.getGlyph = (id, characters = []) => {
    const glyph = getGlyph(id, characters);
    if (glyph.codePoints.length === 0 && characters.length > 0) glyph.codePoints = characters;
    return glyph;
  };
  return font;
}

/** The first font of the chain that has a glyph for the code point, or null when none has. */
export function fontForCodePoint(codePoint: number, primary: PrimaryFont): FontName | null {
  if (fontkitFont(primary).hasGlyphForCodePoint(codePoint)) return primary;
  return fallbacks.find((name) => fontkitFont(name).hasGlyphForCodePoint(codePoint)) ?? null;
}
