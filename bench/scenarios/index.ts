import { type Scenario } from '../harness/types.js';
import { assignScenario } from './assign.js';
import { childPagingScenario } from './child-paging.js';
import { coldStartScenario } from './cold-start.js';
import { csvMemoryScenario } from './csv-memory.js';
import { explainScenario } from './explain.js';
import { orgAuditScenario } from './org-audit.js';
import { permsetRestoreScenario } from './permset-restore.js';
import { pslReclaimScenario } from './psl-reclaim.js';
import { pslReportScenario } from './psl-report.js';
import { psgAuditSourceScenario } from './psg-audit-source.js';
import { psgRetireScenario } from './psg-retire.js';
import { recalcWaitScenario } from './recalc-wait.js';
import { syncScenario } from './sync.js';
import { unassignScenario } from './unassign.js';

/** Every scenario, in the order BENCHMARKS.md shows them. Each is one small module. */
export const SCENARIOS: Scenario[] = [
  assignScenario,
  pslReportScenario,
  pslReclaimScenario,
  psgRetireScenario,
  recalcWaitScenario,
  childPagingScenario,
  explainScenario,
  coldStartScenario,
  csvMemoryScenario,
  psgAuditSourceScenario,
  orgAuditScenario,
  unassignScenario,
  syncScenario,
  permsetRestoreScenario,
];
