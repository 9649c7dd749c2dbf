import { createHash } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { classifyLicense } from '../../planning/audit/licenses.js';
import {
  type ComponentDef,
  type ComponentType,
  type FileProblem,
  type NameRef,
  type Permissions,
  type TextValue,
} from '../../planning/audit/model.js';
import { elementLines, type ElementLines } from './xml-lines.js';
import { permissionsOf, type XmlNode, type XmlRoot } from './permission-blocks.js';

/** The blocks that may repeat; the parser makes arrays of them even when one is written. */
const REPEATED = new Set(['permissionSets', 'mutingPermissionSets', 'objectPermissions', 'fieldPermissions', 'userPermissions', 'customPermissions']);

const parser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  trimValues: true,
  removeNSPrefix: true,
  isArray: (name) => REPEATED.has(name),
});

/** One file's text and the path findings name (relative to the repository root). */
export type XmlFile = { text: string; file: string };

export type Parsed = { def: ComponentDef } | { problem: FileProblem };

/**
 * Reads one component: its main file, plus the files of a decomposed permission set (one per object, per user
 * permission…), whose blocks are merged into it. A file that does not parse makes the whole component a problem:
 * a half-read set or mute must never be taken for a good one.
 */
export function parseComponent(type: ComponentType, name: string, main: XmlFile, parts: XmlFile[] = []): Parsed {
  const roots: XmlRoot[] = [];
  for (const f of [main, ...parts]) {
    const checked = XMLValidator.validate(f.text);
    if (checked !== true) {
      return { problem: { kind: 'unparsable', file: f.file, line: checked.err.line, componentType: type, name, detail: checked.err.msg.replace(/\.$/u, '') } };
    }
    const parsed = parser.parse(f.text) as XmlNode;
    const [rootName] = Object.keys(parsed);
    if (rootName === undefined) return { problem: { kind: 'unparsable', file: f.file, line: 1, componentType: type, name, detail: 'no root element' } };
    roots.push({ name: rootName, node: asNode(parsed[rootName]) });
  }
  const lines = elementLines(main.text);
  const top = roots[0].node;
  const base = {
    name,
    file: main.file,
    line: lines.root,
    label: text(top, 'label', lines, main.file),
    description: text(top, 'description', lines, main.file),
    fingerprint: createHash('sha1').update(JSON.stringify(roots)).digest('hex'),
  };
  if (type === 'PermissionSetGroup') {
    return {
      def: {
        ...base,
        kind: type,
        members: refs(top, 'permissionSets', lines, main.file),
        mutes: refs(top, 'mutingPermissionSets', lines, main.file),
        status: text(top, 'status', lines, main.file),
        hasActivationRequired: flag(top.hasActivationRequired),
      },
    };
  }
  const permissions: Permissions = permissionsOf(roots);
  if (type === 'MutingPermissionSet') return { def: { ...base, kind: type, ...permissions } };
  const license = text(top, 'license', lines, main.file);
  return {
    def: {
      ...base,
      kind: type,
      ...permissions,
      license: license?.value ? { ...license, name: license.value, kind: classifyLicense(license.value) } : undefined,
      hasActivationRequired: flag(top.hasActivationRequired),
    },
  };
}

function asNode(value: unknown): XmlNode {
  return value !== null && typeof value === 'object' ? (value as XmlNode) : {};
}

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function flag(value: unknown): boolean | undefined {
  const s = scalar(value);
  return s === undefined ? undefined : s.trim() === 'true';
}

function text(node: XmlNode, element: string, lines: ElementLines, file: string): TextValue | undefined {
  const value = node[element];
  if (value === undefined) return undefined;
  return { value: scalar(value) ?? '', file, line: lines.children.get(element)?.[0] };
}

function refs(node: XmlNode, element: string, lines: ElementLines, file: string): NameRef[] {
  const values = node[element];
  const at = lines.children.get(element) ?? [];
  return Array.isArray(values) ? values.map((v, k) => ({ name: (scalar(v) ?? '').trim(), file, line: at[k] })) : [];
}
