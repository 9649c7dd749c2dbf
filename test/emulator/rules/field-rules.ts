import { parseDateTime, sfDate, sfDateTime } from '../org/clock.js';
import { type FieldDef, type ObjectDef, SalesforceError } from '../store/types.js';
import { violation } from './catalogue.js';
import { type Fields, type RuleContext } from './context.js';

export type WriteMode = 'create' | 'update';

const ID_SHAPE = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/**
 * Turns a client's field map into stored values: canonical field names, types checked and normalised (datetimes to
 * `…+0000`, Ids to 18 characters), access checked (createable / updateable), references checked to exist and to
 * be of an allowed type, restricted picklists checked. Object rules run after this, on clean values.
 */
const fieldIndexes = new WeakMap<ObjectDef, Map<string, FieldDef>>();

function fieldsByLowerName(def: ObjectDef): Map<string, FieldDef> {
  let index = fieldIndexes.get(def);
  if (!index) {
    index = new Map(Object.values(def.fields).map((field) => [field.name.toLowerCase(), field]));
    fieldIndexes.set(def, index);
  }
  return index;
}

export function coerceFields(ctx: RuleContext, def: ObjectDef, input: Record<string, unknown>, mode: WriteMode): Fields {
  const byLowerName = fieldsByLowerName(def);
  const out: Fields = {};
  for (const [key, raw] of Object.entries(input)) {
    if (key === 'attributes' || (mode === 'update' && key === 'Id')) continue;
    const field = byLowerName.get(key.toLowerCase());
    if (!field) throw violation('unknownField', `No such column '${key}' on sobject of type ${def.name}`, [key]);
    if (field.name === 'Id' && mode === 'create') {
      throw violation('readOnlyField', 'cannot specify Id in an insert call', ['Id']);
    }
    const allowed = mode === 'create' ? field.createable : field.updateable;
    if (!allowed && !ctx.seeding) {
      throw violation(
        'readOnlyField',
        `Unable to create/update fields: ${field.name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
        [field.name]
      );
    }
    out[field.name] = coerceValue(ctx, field, raw);
  }
  return out;
}

/** REQUIRED_FIELD_MISSING for every createable, non-nillable, non-boolean field still missing after defaults. */
export function checkRequired(def: ObjectDef, fields: Fields): void {
  const missing = [...fieldsByLowerName(def).values()]
    .filter((f) => f.createable && !f.nillable && f.type !== 'boolean' && (fields[f.name] === undefined || fields[f.name] === null || fields[f.name] === ''))
    .map((f) => f.name);
  if (missing.length > 0) throw violation('requiredField', `Required fields are missing: [${missing.join(', ')}]`, missing);
}

function coerceValue(ctx: RuleContext, field: FieldDef, raw: unknown): string | number | boolean | null {
  if (raw === null || raw === undefined || raw === '') {
    if (field.type === 'boolean') throw badValue(field, raw);
    return null;
  }
  switch (field.type) {
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === 'false') return raw === 'true';
      throw badValue(field, raw);
    case 'int':
    case 'double': {
      const number = typeof raw === 'number' ? raw : Number(raw);
      if (!Number.isFinite(number) || (field.type === 'int' && !Number.isInteger(number))) throw badValue(field, raw);
      return number;
    }
    case 'date':
    case 'datetime': {
      const date = typeof raw === 'string' ? parseDateTime(raw) : undefined;
      if (!date) throw badValue(field, raw);
      // Salesforce keeps datetimes to the second.
      return field.type === 'date' ? sfDate(date) : sfDateTime(new Date(Math.floor(date.getTime() / 1000) * 1000));
    }
    case 'reference':
    case 'id':
      return coerceReference(ctx, field, raw);
    case 'picklist':
      if (typeof raw !== 'string') throw badValue(field, raw);
      if (field.picklistValues && !field.picklistValues.includes(raw)) {
        throw violation('restrictedPicklist', `${field.label}: bad value for restricted picklist field: ${raw}`, [field.name]);
      }
      return raw;
    default:
      if (typeof raw !== 'string' && typeof raw !== 'number') throw badValue(field, raw);
      return String(raw);
  }
}

function coerceReference(ctx: RuleContext, field: FieldDef, raw: unknown): string {
  if (typeof raw !== 'string' || !ID_SHAPE.test(raw)) {
    throw violation('malformedId', `${field.label}: id value of incorrect type: ${String(raw)}`, [field.name]);
  }
  // A reference that may point outside the emulated model (SetupEntityAccess.SetupEntityId → ApexClass, …) is
  // taken on trust: the emulator holds no such records to check against.
  if (field.referenceTo?.some((type) => !(type in ctx.store.schema))) return raw;
  const target = ctx.store.get(raw);
  const targetType = target ? ctx.store.typeOfId(target.Id) : undefined;
  if (!target || (field.referenceTo && targetType && !field.referenceTo.includes(targetType))) {
    if (!target && !ctx.store.typeOfId(raw)) {
      throw violation('malformedId', `${field.label}: id value of incorrect type: ${raw}`, [field.name]);
    }
    throw violation('badReference', 'invalid cross reference id', [field.name]);
  }
  return target.Id;
}

function badValue(field: FieldDef, raw: unknown): SalesforceError {
  return new SalesforceError(
    'JSON_PARSER_ERROR',
    `Cannot deserialize instance of ${field.type} from VALUE_STRING value ${JSON.stringify(raw)} or request may be missing a required field`,
    [field.name]
  );
}
