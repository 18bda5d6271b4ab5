/**
 * The latest rendering of each document, kept while it stays valid: an entry answers only for the
 * exact `stamp` it was rendered from (the document's version and whatever else the output depends
 * on), so the caller, which reads the document on every request, never gets a stale page; a new
 * stamp replaces the entry. Bounded by the characters held: the least recently used go first, and
 * a page larger than an eighth of the bound is not kept. A cache only: correctness never depends
 * on a hit, and every instance keeps its own.
 */
export interface RenderedPageCache {
  get(documentId: string, stamp: string): string | undefined;
  set(documentId: string, stamp: string, html: string): void;
}

export function renderedPageCache(maxCharacters: number): RenderedPageCache {
  // A Map iterates in insertion order: deleting and setting again on use keeps the oldest first.
  const pages = new Map<string, { stamp: string; html: string }>();
  let held = 0;

  const forget = (documentId: string) => {
    const page = pages.get(documentId);
    if (!page) return;
    pages.delete(documentId);
    held -= page.html.length;
  };

  return {
    get(documentId, stamp) {
      const page = pages.get(documentId);
      if (page?.stamp !== stamp) return undefined;
      pages.delete(documentId);
      pages.set(documentId, page);
      return page.html;
    },
    set(documentId, stamp, html) {
      forget(documentId);
      if (html.length > maxCharacters / 8) return;
      for (const oldest of pages.keys()) {
        if (held + html.length <= maxCharacters) break;
        forget(oldest);
      }
      pages.set(documentId, { stamp, html });
      held += html.length;
    },
  };
}
