/** The part of saxon-js (no bundled types) the e-invoice tests use. */
declare module 'saxon-js' {
  interface TransformOptions {
    stylesheetFileName?: string;
    stylesheetText?: string;
    sourceText?: string;
    sourceFileName?: string;
    destination: 'serialized';
  }
  interface XPathOptions {
    namespaceContext?: Record<string, string>;
    resultForm?: 'array' | 'default';
  }
  const SaxonJS: {
    transform(options: TransformOptions, mode: 'async'): Promise<{ principalResult: string }>;
    getResource(options: { text: string; type: 'xml' }): Promise<unknown>;
    XPath: { evaluate(expression: string, context: unknown, options?: XPathOptions): unknown };
  };
  export default SaxonJS;
}
