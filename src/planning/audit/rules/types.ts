import { type Catalog } from '../catalog.js';
import { type Draft } from '../findings.js';
import { type AuditSettings } from '../settings.js';

/** A rule: a pure function of the catalog (model + lookups) and the settings, giving its findings' drafts. */
export type RuleCheck = (catalog: Catalog, settings: AuditSettings) => Draft[];
