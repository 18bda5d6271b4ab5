/** What a regular expression looks like when it leaks into an error message: anchors, classes, quantifiers, escapes. */
export const REGEX_LIKE = /must match pattern|\^|\$$|\$"|\\[dswSbu]|\[[^\]]*-[^\]]*\]|\{\d+,\d*\}|\(\?/;
