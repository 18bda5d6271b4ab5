/** The language documents are written in (contract v1.2 "Languages and branding"). */
import { Type } from '@sinclair/typebox';
import { languages } from '../base/vocabulary.js';
import { StringEnum } from './common.js';

export const Language = StringEnum(languages, {
  $id: 'Language',
  description: 'ISO 639-1 code, lower case: the language of documents (labels, dates and amounts in its locale)',
});

/** `?language=` of a document route: inline, as query parameters are not referenced components. */
export const languageQuery = {
  language: Type.Optional(
    StringEnum(languages, {
      description: 'Writes the document in this language instead of its own (the client’s when issued, else the profile’s default)',
    }),
  ),
};
