/** Every language's catalogue; a language in `languages` without one does not compile. */
import type { Catalogue } from './catalogue.js';
import de from './catalogues/de.js';
import en from './catalogues/en.js';
import es from './catalogues/es.js';
import fr from './catalogues/fr.js';
import it from './catalogues/it.js';
import nl from './catalogues/nl.js';
import pl from './catalogues/pl.js';
import pt from './catalogues/pt.js';
import type { Language } from './languages.js';

export const catalogues: Readonly<Record<Language, Catalogue>> = { en, de, fr, es, it, nl, pt, pl };

/** The locale whose formats the language uses: `en` → `en-US`, `pt` → `pt-PT`. */
export const localeOf = (language: Language): string => catalogues[language].locale;
