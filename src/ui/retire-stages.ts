import { MultiStageOutput } from '@oclif/multi-stage-output';

type StageData = { groups: string; detail: string };

/**
 * The stages of `psg retire` / `psg restore` with the sf plugins' multi-stage output: a live component on a
 * terminal, plain lines under CI (the library's own CI mode), nothing under --json. Group Status changes are shown
 * under the wait stage as they happen.
 */
export class StageProgress<S extends string> {
  private output: MultiStageOutput<StageData> | undefined;
  private readonly statuses = new Map<string, string>();

  public constructor(
    private readonly labels: Partial<Record<S, string>>,
    private readonly title: string,
    private readonly jsonEnabled: boolean,
    private readonly waitStage?: S
  ) {}

  /**
   * The display exists from the first stage on: MultiStageOutput starts drawing (and ticking its clock, which keeps
   * the process alive until stopped) as soon as it is made, so a run that needs no stage never makes one.
   */
  private display(): MultiStageOutput<StageData> {
    const waitLabel = this.waitStage ? this.labels[this.waitStage] : undefined;
    this.output ??= new MultiStageOutput<StageData>({
      title: this.title,
      stages: Object.values(this.labels).filter((l): l is string => typeof l === 'string'),
      jsonEnabled: this.jsonEnabled,
      stageSpecificBlock: waitLabel ? [{ stage: waitLabel, type: 'dynamic-key-value', label: 'Groups', get: (data) => data?.groups, alwaysPrintInCI: true }] : [],
      postStagesBlock: [{ type: 'message', get: (data) => data?.detail || undefined }],
    });
    return this.output;
  }

  /** Moves to a stage (one without a label here, e.g. detach in a group retirement, is not shown). */
  public stage(stage: S): void {
    const label = this.labels[stage];
    if (!label) return;
    this.display().goto(label);
    // Past the wait (or having skipped it: nothing to wait for) without a group status: say so, rather than leave a
    // spinner under a finished stage.
    if (this.statuses.size === 0 && this.isPastWait(stage)) this.output?.updateData({ groups: 'none' });
    if (this.statuses.size > 0) this.showStatuses();
  }

  /** Remembered from the first call; shown once the display exists. */
  public groupStatus(group: string, status: string): void {
    this.statuses.set(group, status);
    if (this.output) this.showStatuses();
  }

  public detail(text: string): void {
    this.output?.updateData({ detail: text });
  }

  /** Ends the display: every stage done, or the current one marked failed (or left paused for a timeout). */
  public stop(outcome: 'completed' | 'failed' | 'paused'): void {
    this.output?.stop(outcome);
  }

  private isPastWait(stage: S): boolean {
    const order = Object.keys(this.labels);
    return this.waitStage !== undefined && order.indexOf(stage) > order.indexOf(this.waitStage);
  }

  private showStatuses(): void {
    this.output?.updateData({ groups: [...this.statuses].map(([name, s]) => `${name}: ${s}`).join(', ') });
  }
}
