import { expect } from 'chai';
import { OrgGateway } from '../../../src/gateway/index.js';
import { type PollSchedule } from '../../../src/planning/wait/poll-schedule.js';
import { waitForGroups, type GroupStatus, type WaitOptions } from '../../../src/services/group-status-waiter.js';
import { FakePort } from '../../support/fake-port.js';

const noSleep = (): Promise<void> => Promise.resolve();

/**
 * Groups that turn Updated (or Failed) at given times, behind a FakePort on a fake clock: a query costs a round
 * trip (the org reads the Status half-way), a sleep moves the clock. Records every IN list asked and every sleep.
 */
function fakeOrg(groups: Record<string, { doneAt: number; ends?: GroupStatus }>, rttMs = 0) {
  let clock = 0;
  const asked: string[][] = [];
  const sleeps: number[] = [];
  const port = new FakePort((_request, soql) => {
    const ids = [...(soql ?? '').matchAll(/'(\w+)'/g)].map((m) => m[1]);
    asked.push(ids);
    clock += rttMs / 2;
    const records = ids
      .filter((id) => id in groups)
      .map((id) => ({ Id: id, Status: clock >= groups[id].doneAt ? groups[id].ends ?? 'Updated' : clock < 250 ? 'Outdated' : 'Updating' }));
    clock += rttMs / 2;
    return { totalSize: records.length, done: true, records };
  });
  const options: Pick<WaitOptions, 'now' | 'sleep'> = {
    now: () => clock,
    sleep: (ms) => {
      sleeps.push(ms);
      clock += ms;
      return Promise.resolve();
    },
  };
  return { gateway: new OrgGateway(port, { sleep: noSleep }), asked, sleeps, options, now: () => clock };
}

describe('waitForGroups', () => {
  it('asks one query per poll for the groups still pending only, and reports each Status change once', async () => {
    const org = fakeOrg({ '0PGa': { doneAt: 1_000 }, '0PGb': { doneAt: 5_000 } });
    const seen: string[] = [];
    const result = await waitForGroups(org.gateway, ['0PGa', '0PGb', '0PGa'], { ...org.options, timeoutMs: 60_000, onStatus: (id, s) => seen.push(`${id} ${s}`) });
    expect(result.timedOut).to.equal(false);
    expect([...result.statuses]).to.deep.equal([['0PGa', 'Updated'], ['0PGb', 'Updated']]);
    // Polls at 0, 2, 3.5 and 5 s: a is done by the second, b by the fourth.
    expect(org.asked).to.deep.equal([['0PGa', '0PGb'], ['0PGa', '0PGb'], ['0PGb'], ['0PGb']]);
    expect(result.polls).to.equal(4);
    expect(seen).to.deep.equal(['0PGa Outdated', '0PGb Outdated', '0PGa Updated', '0PGb Updating', '0PGb Updated']);
  });

  it('with justRead, takes the caller\'s read as the first poll: the first query goes out one gap later', async () => {
    const org = fakeOrg({ '0PGa': { doneAt: 3_000 } });
    const result = await waitForGroups(org.gateway, ['0PGa'], { ...org.options, timeoutMs: 60_000, justRead: true });
    expect(result).to.deep.include({ timedOut: false, polls: 2 });
    // Queries at 2 and 3.5 s, none at 0 s: the caller's read was the poll at 0.
    expect(org.sleeps).to.deep.equal([2_000, 1_500]);
  });

  it('with justRead and a timeout of 0, sends no query: the caller\'s read was the check', async () => {
    const org = fakeOrg({ '0PGa': { doneAt: 3_000 } });
    const result = await waitForGroups(org.gateway, ['0PGa'], { ...org.options, timeoutMs: 0, justRead: true });
    expect(result).to.deep.include({ timedOut: true, polls: 0 });
    expect(org.asked).to.deep.equal([]);
  });

  it('stops waiting for a Failed group and for one that no longer exists', async () => {
    const org = fakeOrg({ '0PGf': { doneAt: 3_000, ends: 'Failed' } });
    const result = await waitForGroups(org.gateway, ['0PGf', '0PGgone'], { ...org.options, timeoutMs: 60_000 });
    expect(result).to.deep.include({ timedOut: false, polls: 3 });
    expect([...result.statuses]).to.deep.equal([['0PGf', 'Failed']]);
    expect(org.asked.slice(1)).to.deep.equal([['0PGf'], ['0PGf']]);
  });

  it('times out without sleeping past the deadline, after a final poll at it', async () => {
    const org = fakeOrg({ '0PGa': { doneAt: Number.POSITIVE_INFINITY } }, 100);
    const result = await waitForGroups(org.gateway, ['0PGa'], { ...org.options, timeoutMs: 4_000 });
    expect(result).to.deep.include({ timedOut: true, polls: 4 });
    expect(result.statuses.get('0PGa')).to.equal('Updating');
    // Sent at 0, 2 and 3.5 s (each answer 100 ms later, taken out of the gap), then at the deadline itself.
    expect(org.sleeps).to.deep.equal([1_900, 1_400, 400]);
    expect(org.now()).to.equal(4_100);
  });

  it('sees a group that turned Updated just before the deadline', async () => {
    const org = fakeOrg({ '0PGa': { doneAt: 3_990 } }, 100);
    const result = await waitForGroups(org.gateway, ['0PGa'], { ...org.options, timeoutMs: 4_000 });
    expect(result).to.deep.include({ timedOut: false, polls: 4 });
  });

  it('checks once and does not wait with a timeout of 0', async () => {
    const org = fakeOrg({ '0PGa': { doneAt: 1_000 } });
    const result = await waitForGroups(org.gateway, ['0PGa'], { ...org.options, timeoutMs: 0 });
    expect(result).to.deep.include({ timedOut: true, polls: 1 });
    expect(org.sleeps).to.deep.equal([]);
  });

  it('sends no query for no groups', async () => {
    const org = fakeOrg({});
    expect(await waitForGroups(org.gateway, [], { ...org.options, timeoutMs: 1_000 })).to.deep.include({ polls: 0, timedOut: false });
    expect(org.asked).to.deep.equal([]);
  });

  for (const recalcMs of [1_000, 5_000, 30_000, 120_000, 600_000]) {
    it(`sees a ${recalcMs / 1000} s recalculation within 2 s at one poll a second at most (250 ms round trips)`, async () => {
      const org = fakeOrg({ '0PGa': { doneAt: recalcMs } }, 250);
      let seenAt = Number.NaN;
      const result = await waitForGroups(org.gateway, ['0PGa'], { ...org.options, timeoutMs: 20 * 60_000, onStatus: (_, s) => (seenAt = s === 'Updated' ? org.now() : seenAt) });
      expect(result.timedOut).to.equal(false);
      expect(seenAt - recalcMs).to.be.within(0, 2_000);
      expect(result.polls / (org.now() / 1000)).to.be.at.most(1);
    });
  }

  it('follows the schedule it is given (the benchmark passes the old one)', async () => {
    const org = fakeOrg({ '0PGa': { doneAt: 10_000 } });
    const every3s: PollSchedule = ({ elapsedMs, timeoutMs }) => (elapsedMs >= timeoutMs ? undefined : Math.min(3_000, timeoutMs - elapsedMs));
    const result = await waitForGroups(org.gateway, ['0PGa'], { ...org.options, timeoutMs: 60_000, schedule: every3s });
    expect(org.sleeps).to.deep.equal([3_000, 3_000, 3_000, 3_000]);
    expect(result.polls).to.equal(5);
  });
});
