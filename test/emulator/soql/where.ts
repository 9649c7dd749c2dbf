import { type Condition, type Query, type WhereClause } from '@jetstreamapp/soql-parser-js';
import { type ObjectDef, type RecordStore, type StoredRecord } from '../store/types.js';
import { malformedQuery } from './errors.js';
import { resolvePath, valueAt } from './paths.js';
import { comparable, compareScalars, equalsScalar, isRange, type Literal, likeMatcher, literalOf, type Scalar } from './values.js';

export type Predicate = (record: StoredRecord) => boolean;

/** How the executor may use an index instead of a scan: a top-level AND-ed equality, IN list or semi-join. */
export type IndexHint = { field: string; values: () => Scalar[]; cost: number };

export type CompiledWhere = { predicate: Predicate; hints: IndexHint[] };

/** Runs a semi-join subquery: the set of (comparable) values of its single selected field. */
export type SubqueryRunner = (query: Query) => Set<Scalar>;

export type WhereContext = { store: RecordStore; soql: string; def: ObjectDef; now: Date; runSubquery: SubqueryRunner };

type Token = { kind: 'cond'; cond: Condition } | { kind: 'op'; op: 'AND' | 'OR' | 'NOT' } | { kind: '(' } | { kind: ')' };
type Node = { kind: 'and' | 'or'; items: Node[] } | { kind: 'not'; item: Node } | { kind: 'cond'; cond: Condition };

/**
 * The parser hands WHERE over as a flat chain with parenthesis counts; this rebuilds the tree with SOQL's
 * precedence (NOT binds tighter than AND, AND tighter than OR) and compiles it into a predicate plus index hints.
 */
export function compileWhere(where: WhereClause | undefined, ctx: WhereContext): CompiledWhere {
  if (!where) return { predicate: () => true, hints: [] };
  const tokens: Token[] = [];
  flatten(where, tokens);
  const parser = new TreeParser(tokens);
  const tree = parser.parseOr();
  if (!parser.done()) throw malformedQuery('unexpected token in WHERE clause');
  const hints = tree.kind === 'and' ? tree.items.flatMap((item) => hintFor(item, ctx)) : hintFor(tree, ctx);
  return { predicate: compileNode(tree, ctx), hints };
}

type Chain = { left?: unknown; operator?: 'AND' | 'OR' | 'NOT'; right?: Chain };

function flatten(node: Chain, tokens: Token[]): void {
  const left = node.left as (Condition & { openParen?: number; closeParen?: number }) | null | undefined;
  if (left) {
    for (let i = 0; i < (left.openParen ?? 0); i++) tokens.push({ kind: '(' });
    if ('operator' in left && left.operator) tokens.push({ kind: 'cond', cond: left });
    for (let i = 0; i < (left.closeParen ?? 0); i++) tokens.push({ kind: ')' });
  }
  if (node.operator) tokens.push({ kind: 'op', op: node.operator });
  if (node.right) flatten(node.right, tokens);
}

class TreeParser {
  private position = 0;
  public constructor(private readonly tokens: Token[]) {}

  public done(): boolean {
    return this.position >= this.tokens.length;
  }

  public parseOr(): Node {
    const items = [this.parseAnd()];
    while (this.peekOp('OR')) {
      this.position++;
      items.push(this.parseAnd());
    }
    return items.length === 1 ? items[0] : { kind: 'or', items };
  }

  private parseAnd(): Node {
    const items = [this.parseUnary()];
    while (this.peekOp('AND')) {
      this.position++;
      items.push(this.parseUnary());
    }
    return items.length === 1 ? items[0] : { kind: 'and', items };
  }

  private parseUnary(): Node {
    const token = this.tokens[this.position++];
    if (!token) throw malformedQuery('unexpected end of WHERE clause');
    if (token.kind === 'op' && token.op === 'NOT') return { kind: 'not', item: this.parseUnary() };
    if (token.kind === '(') {
      const inner = this.parseOr();
      if (this.tokens[this.position++]?.kind !== ')') throw malformedQuery('unbalanced parentheses in WHERE clause');
      return inner;
    }
    if (token.kind === 'cond') return { kind: 'cond', cond: token.cond };
    throw malformedQuery('unexpected token in WHERE clause');
  }

  private peekOp(op: string): boolean {
    const token = this.tokens[this.position];
    return token?.kind === 'op' && token.op === op;
  }
}

function compileNode(node: Node, ctx: WhereContext): Predicate {
  if (node.kind === 'and') {
    const parts = node.items.map((item) => compileNode(item, ctx));
    return (r) => parts.every((p) => p(r));
  }
  if (node.kind === 'or') {
    const parts = node.items.map((item) => compileNode(item, ctx));
    return (r) => parts.some((p) => p(r));
  }
  if (node.kind === 'not') {
    const inner = compileNode(node.item, ctx);
    return (r) => !inner(r);
  }
  return compileCondition((node as { cond: Condition }).cond, ctx);
}

type FieldCondition = Condition & { field: string; operator: string; value?: string | string[]; literalType?: string | string[]; valueQuery?: Query; dateLiteralVariable?: number | number[] };

function literalsOf(cond: FieldCondition, ctx: WhereContext, type: Parameters<typeof comparable>[1]): Literal[] {
  const raws: string[] = Array.isArray(cond.value) ? cond.value : [cond.value ?? ''];
  const single = typeof cond.literalType === 'string' ? cond.literalType : 'STRING';
  const types: string[] = Array.isArray(cond.literalType) ? cond.literalType : raws.map(() => single);
  const variables = Array.isArray(cond.dateLiteralVariable) ? cond.dateLiteralVariable : raws.map(() => cond.dateLiteralVariable as number | undefined);
  return raws.map((raw, i) => {
    const literal = literalOf(raw, types[i] ?? 'STRING', ctx.now, variables[i]);
    return isRange(literal) ? literal : comparable(literal, type);
  });
}

function compileCondition(condition: Condition, ctx: WhereContext): Predicate {
  const cond = condition as FieldCondition;
  if (!cond.field) throw malformedQuery('aggregate functions are allowed in HAVING, not in WHERE');
  const path = resolvePath(ctx.store, ctx.soql, ctx.def, cond.field);
  const type = path.def?.type;
  const read = (r: StoredRecord): Scalar => comparable(valueAt(ctx.store, r, path), type);
  const operator = cond.operator.toUpperCase();
  if ((operator === 'IN' || operator === 'NOT IN') && cond.valueQuery) {
    let set: Set<Scalar> | undefined;
    const has = (r: StoredRecord): boolean => (set ??= ctx.runSubquery(cond.valueQuery!)).has(read(r));
    return operator === 'IN' ? has : (r) => !has(r);
  }
  if (operator === 'LIKE') {
    const raw: string = (Array.isArray(cond.value) ? cond.value[0] : cond.value) ?? '';
    const matches = likeMatcher(raw.replace(/^'|'$/g, ''));
    return (r) => matches(read(r));
  }
  const literals = literalsOf(cond, ctx, type);
  if (operator === 'IN' || operator === 'NOT IN') {
    // A hash set of case-folded keys: a 600-value IN list is checked in one lookup per row, not 600 comparisons.
    const keys = new Set(literals.filter((l): l is Scalar => !isRange(l)).map(inKey));
    const has = (r: StoredRecord): boolean => keys.has(inKey(read(r)));
    return operator === 'IN' ? has : (r) => !has(r);
  }
  return comparison(operator, literals[0], read);
}

/** The key IN compares by: strings case-insensitively (as equalsScalar does), other scalars as they are. */
function inKey(value: Scalar): Scalar {
  return typeof value === 'string' ? value.toLowerCase() : value;
}

function comparison(operator: string, literal: Literal, read: (r: StoredRecord) => Scalar): Predicate {
  if (isRange(literal)) {
    const inRange = (v: Scalar): boolean => typeof v === 'number' && v >= literal.start && v < literal.end;
    const table: Record<string, (v: Scalar) => boolean> = {
      '=': inRange,
      '!=': (v) => v !== null && !inRange(v),
      '<': (v) => typeof v === 'number' && v < literal.start,
      '<=': (v) => typeof v === 'number' && v < literal.end,
      '>': (v) => typeof v === 'number' && v >= literal.end,
      '>=': (v) => typeof v === 'number' && v >= literal.start,
    };
    const test = table[operator];
    if (!test) throw malformedQuery(`unsupported operator ${operator} for a date literal`);
    return (r) => test(read(r));
  }
  switch (operator) {
    case '=':
      return (r) => equalsScalar(read(r), literal);
    case '!=':
    case '<>':
      return (r) => !equalsScalar(read(r), literal);
    case '<':
      return (r) => nonNull(read(r), literal, (c) => c < 0);
    case '<=':
      return (r) => nonNull(read(r), literal, (c) => c <= 0);
    case '>':
      return (r) => nonNull(read(r), literal, (c) => c > 0);
    case '>=':
      return (r) => nonNull(read(r), literal, (c) => c >= 0);
    default:
      throw malformedQuery(`unsupported operator ${operator}`);
  }
}

function nonNull(value: Scalar, literal: Scalar, test: (c: number) => boolean): boolean {
  return value !== null && literal !== null && test(compareScalars(value, literal));
}

const INDEXED_NAMES = ['Name', 'DeveloperName', 'Username'];

/** Index hints for a top-level conjunct: an indexed field of the queried object, or of a parent one hop away. */
function hintFor(node: Node, ctx: WhereContext): IndexHint[] {
  if (node.kind !== 'cond') return [];
  const cond = node.cond as FieldCondition;
  if (!cond.field) return [];
  const path = resolvePath(ctx.store, ctx.soql, ctx.def, cond.field);
  const type = path.def?.type;
  if (!path.def || path.hops.length > 1 || (type !== 'id' && type !== 'reference' && !INDEXED_NAMES.includes(path.field))) return [];
  const operator = cond.operator.toUpperCase();
  let values: () => Scalar[];
  let cost: number;
  if (operator === 'IN' && cond.valueQuery) {
    values = (): Scalar[] => [...ctx.runSubquery(cond.valueQuery!)];
    cost = 3;
  } else if ((operator === '=' && cond.literalType !== 'NULL') || (operator === 'IN' && !cond.valueQuery)) {
    const literals = literalsOf(cond, ctx, type).filter((l): l is Scalar => !isRange(l) && l !== null);
    values = (): Scalar[] => literals;
    cost = operator === '=' ? 1 : 2;
  } else {
    return [];
  }
  if (path.hops.length === 0) return [{ field: path.field, values, cost }];
  // PermissionSet.Name = 'X': find the parents through their index, then the children through the reference index.
  const hop = path.hops[0];
  const parentType = ctx.def.fields[hop.referenceField]?.referenceTo?.[0];
  if (!parentType) return [];
  const parentIds = (): Scalar[] =>
    values().flatMap((value) => (path.field === 'Id' ? [ctx.store.get(String(value))?.Id ?? null] : ctx.store.findBy(parentType, path.field, value).map((r) => r.Id))).filter((id) => id !== null);
  return [{ field: hop.referenceField, values: parentIds, cost: cost + 0.5 }];
}
