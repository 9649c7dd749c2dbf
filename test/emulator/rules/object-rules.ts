import { type StoredRecord } from '../store/types.js';
import { type Fields, type RuleContext } from './context.js';

/** The hooks one object's rules may define around the generic field checks. */
export type ObjectRules = {
  /** Fills values Salesforce sets itself (before the required-field check). */
  defaults?(ctx: RuleContext, fields: Fields): void;
  beforeCreate?(ctx: RuleContext, fields: Fields): void;
  afterCreate?(ctx: RuleContext, record: StoredRecord): void;
  beforeUpdate?(ctx: RuleContext, existing: StoredRecord, fields: Fields): void;
  afterUpdate?(ctx: RuleContext, record: StoredRecord, before: StoredRecord): void;
  beforeDelete?(ctx: RuleContext, record: StoredRecord): void;
  afterDelete?(ctx: RuleContext, record: StoredRecord): void;
};
