/**
 * Line numbers for the elements of a metadata file. fast-xml-parser gives values, not positions, so the text is
 * scanned once for tags (comments, CDATA, processing instructions and DOCTYPE skipped, so a tag inside them is not
 * counted): the root element's line, and for each child element name, the lines of its occurrences in document
 * order. The parser keeps repeated elements in document order too, so the k-th parsed `<permissionSets>` is the
 * k-th occurrence here. Only called on text that the validator accepted.
 */
export type ElementLines = { root: number; children: Map<string, number[]> };

const TOKEN = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<(\/?)([A-Za-z_][\w.:-]*)(?:\s[^>]*?)?(\/?)>/gu;

export function elementLines(text: string): ElementLines {
  const lineStarts = lineStartOffsets(text);
  const children = new Map<string, number[]>();
  let depth = 0;
  let root = 1;
  for (const match of text.matchAll(TOKEN)) {
    const [, closing, name, selfClosing] = match;
    if (name === undefined) continue;
    if (closing) {
      depth--;
      continue;
    }
    const line = lineOf(lineStarts, match.index);
    if (depth === 0) root = line;
    if (depth === 1) {
      const local = name.includes(':') ? name.slice(name.indexOf(':') + 1) : name;
      const list = children.get(local);
      if (list) list.push(line);
      else children.set(local, [line]);
    }
    if (!selfClosing) depth++;
  }
  return { root, children };
}

function lineStartOffsets(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Binary search: the 1-based line holding the offset. */
function lineOf(starts: number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return low + 1;
}
