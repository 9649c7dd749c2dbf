import { AuthInfo, Connection } from '@salesforce/core';
import { OrgGateway, connectionPort } from '../../src/gateway/index.js';
import { start, type RunningEmulator } from '../../test/emulator/index.js';
import { SeedBuilder } from '../../test/support/seed-builder.js';
import { type Measurement, type Scenario } from '../harness/types.js';

const LATENCY_MS = 50;
/** The most permission sets a group may hold (Salesforce Help: Permission Set Groups). */
const SETS_PER_GROUP = 100;

type Case = { groups: number; parents: number; children: number; requests: number; pages: number; wallMs: number };

async function gatewayOn(emulator: RunningEmulator): Promise<OrgGateway> {
  const authInfo = await AuthInfo.create({
    accessTokenOptions: { accessToken: emulator.accessToken, instanceUrl: emulator.instanceUrl, loginUrl: emulator.instanceUrl },
  });
  return new OrgGateway(connectionPort(await Connection.create({ authInfo })));
}

/** `groups` groups of 100 sets each, read with their components in one parent-child query through the gateway. */
async function measure(groups: number): Promise<Case> {
  const builder = new SeedBuilder(`paging-${groups}@bench.org`);
  const sets = Array.from({ length: SETS_PER_GROUP }, (_, i) => `Set_${i}`);
  for (const set of sets) builder.permissionSet(set);
  for (let g = 0; g < groups; g++) builder.group(`Group_${g}`, sets);
  const emulator = await start({ seed: builder.build(), latencyMs: LATENCY_MS });
  try {
    const gateway = await gatewayOn(emulator);
    const started = Date.now();
    let pages = 0;
    let parents = 0;
    let children = 0;
    const soql = 'SELECT Id, DeveloperName, (SELECT PermissionSetId FROM PermissionSetGroupComponents) FROM PermissionSetGroup';
    for await (const page of gateway.queryPages<{ PermissionSetGroupComponents: { records: unknown[] } | null }>(soql)) {
      pages++;
      parents += page.length;
      for (const group of page) children += group.PermissionSetGroupComponents?.records.length ?? 0;
    }
    const wallMs = Date.now() - started;
    if (parents !== groups || children !== groups * SETS_PER_GROUP) throw new Error(`child-paging: read ${parents} groups and ${children} components`);
    return { groups, parents, children, requests: gateway.stats.reads, pages, wallMs };
  } finally {
    await emulator.stop();
  }
}

/**
 * Issue 13: Salesforce counts the rows of child subqueries toward a query batch, so a parent-child query over many
 * rows takes several pages even with few parents. How many requests the gateway needs to read every group with all
 * its components, against the emulator that now pages as Salesforce does.
 */
export const childPagingScenario: Scenario = {
  id: 'child-paging',
  title: 'Parent-child query paging',
  needs: [],
  async run(ctx) {
    const sizes = ctx.quick ? [30] : [30, 200, 1_000];
    const cases: Case[] = [];
    for (const groups of sizes) {
      ctx.log(`child-paging: ${groups} groups × ${SETS_PER_GROUP} components`);
      cases.push(await measure(groups));
    }
    const measurements: Measurement[] = cases.map((c) => ({
      scenario: 'child-paging',
      case: `${c.groups} groups × ${SETS_PER_GROUP} components`,
      tool: 'plugin',
      command: 'gateway.queryPages (parent-child)',
      latencyMs: LATENCY_MS,
      requests: c.requests,
      writes: 0,
      wallMs: c.wallMs,
      exitCode: 0,
      lowerBound: Math.ceil((c.parents + c.children) / 2000),
      extra: { pages: c.pages, parents: c.parents, children: c.children },
    }));
    return {
      measurements,
      section: {
        title: 'Parent-child query paging: groups with their components',
        columns: ['groups × components', 'rows (parents + children)', 'requests', 'parent pages', 'lower bound (rows / 2,000)', 'pages if only parents counted', 'wall'],
        rows: cases.map((c) => [
          `${c.groups.toLocaleString('en-US')} × ${SETS_PER_GROUP}`,
          (c.parents + c.children).toLocaleString('en-US'),
          c.requests,
          c.pages,
          Math.ceil((c.parents + c.children) / 2000),
          Math.ceil(c.parents / 2000),
          `${(c.wallMs / 1000).toFixed(2)} s`,
        ]),
        notes: [
          `\`SELECT Id, DeveloperName, (SELECT PermissionSetId FROM PermissionSetGroupComponents) FROM PermissionSetGroup\` through the gateway's queryPages over HTTP against the emulator (${LATENCY_MS} ms a request), every group holding the maximum of ${SETS_PER_GROUP} sets; the reads are the gateway's own count.`,
          'Child rows count toward the 2,000-row batch (REST API Developer Guide: Query Options Header), so the org answers in about rows / 2,000 pages where a count of parents alone would expect one; a client that stops at the first page misses groups. The gateway follows every page, and any child relationship cut short, to the end.',
        ],
      },
    };
  },
};
