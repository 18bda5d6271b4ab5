/**
 * What both SDK proofs share: the strict compiler options a flow and its generated code must pass
 * together, and a fetch that checks every response against the document (response-validator.ts).
 */
import ts from 'typescript';
import { type Document, createResponseValidator } from './response-validator.js';

/** A program of `files` (a flow and what it imports) under the strictest settings a user would pick. */
export function strictProgram(files: string[]): ts.Program {
  return ts.createProgram(files, {
    strict: true,
    noUncheckedIndexedAccess: true,
    noImplicitReturns: true,
    target: ts.ScriptTarget.ES2023,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: ['node'],
    skipLibCheck: true,
    noEmit: true,
  });
}

/** The program's errors, paths inside `generatedDir` shortened. */
export function diagnosticsOf(program: ts.Program, generatedDir: string): string[] {
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const where = diagnostic.file ? `${diagnostic.file.fileName.replace(generatedDir, 'generated/')}: ` : '';
    return `${where}${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
  });
}

/** A fetch that records, in `mismatches`, whatever of each response the document does not describe. */
export function documentCheckingFetch(document: Document): { fetch: typeof fetch; mismatches: string[] } {
  const validator = createResponseValidator(document);
  const mismatches: string[] = [];
  const checked: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const response = await fetch(request);
    const { pathname } = new URL(request.url);
    const body = await response.clone().text();
    mismatches.push(...validator.mismatches({ method: request.method, path: pathname, status: response.status, headers: response.headers, body }));
    return response;
  };
  return { fetch: checked, mismatches };
}
