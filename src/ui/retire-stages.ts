import { MultiStageOutput } from '@oclif/multi-stage-output';

type StageData = { groups: string; detail: string };

/**
 * The stages of `psg retire` / `psg restore` with the sf plugins' multi-stage output: a live component on a
 * terminal, plain lines under CI (the library's own CI mode), nothing under --json. Group Status changes are shown
 * under the wait stage as they happen.
 */
export class StageProgress<S extends string> {
  private readonly output: MultiStageOutput<StageData>;
  private readonly statuses = new Map<string, string>();
  private started = false;

  public constructor(private readonly labels: Partial<Record<S, string>>, title: string, jsonEnabled: boolean, waitStage?: S) {
    this.output = new MultiStageOutput<StageData>({
      title,
      stages: Object.values(labels).filter((l): l is string => typeof l === 'string'),
      jsonEnabled,
      stageSpecificBlock: waitStage && labels[waitStage]
        ? [{ stage: labels[waitStage], type: 'dynamic-key-value', label: 'Groups', get: (data) => data?.groups, alwaysPrintInCI: true }]
        : [],
      postStagesBlock: [{ type: 'message', get: (data) => data?.detail || undefined }],
    });
  }

  /** Moves to a stage (one without a label here, e.g. detach in a group retirement, is not shown). */
  public stage(stage: S): void {
    const label = this.labels[stage];
    if (!label) return;
    this.started = true;
    this.output.goto(label);
  }

  public groupStatus(group: string, status: string): void {
    this.statuses.set(group, status);
    this.output.updateData({ groups: [...this.statuses].map(([name, s]) => `${name}: ${s}`).join(', ') });
  }

  public detail(text: string): void {
    this.output.updateData({ detail: text });
  }

  /** Ends the display: every stage done, or the current one marked failed (or left paused for a timeout). */
  public stop(outcome: 'completed' | 'failed' | 'paused'): void {
    if (!this.started) return;
    this.output.stop(outcome);
  }
}
