/** The fault seeds every reliability suite runs (issue 8 asks for at least 20). */
export const FAULT_SEEDS: readonly number[] = Array.from({ length: 20 }, (_, i) => i + 1);

/**
 * Registers one mocha test per pair of fault seeds, the two run side by side, each against its own emulator: such a
 * run mostly waits on latency and recalculation, so pairs keep the suites inside the test command's time. A failure
 * names its seed.
 */
export function itForSeedPairs(title: string, check: (faultSeed: number) => Promise<void>): void {
  const labelled = async (faultSeed: number): Promise<void> => {
    try {
      await check(faultSeed);
    } catch (error) {
      if (error instanceof Error) error.message = `fault seed ${faultSeed}: ${error.message}`;
      throw error;
    }
  };
  for (let k = 0; k < FAULT_SEEDS.length; k += 2) {
    const pair = FAULT_SEEDS.slice(k, k + 2);
    it(`fault seeds ${pair.join(' and ')}: ${title}`, async () => {
      await Promise.all(pair.map(labelled));
    });
  }
}
