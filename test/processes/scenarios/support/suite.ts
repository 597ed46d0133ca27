/**
 * The frame of a scenario spec: the same scenarios on every engine (a
 * describe per engine; Zeebe skipped with the reason when no broker is
 * named), one world per spec file and engine, and lanes.
 *
 * A lane is a sequence of scenarios that must not overlap, typically the
 * cases of one applicant for one registration: the rules allow one case of a
 * matter and specialty at a time (rule 6, 规则 "办结前不能重复申报"), and a
 * case's outcome is the next one's starting point. Lanes run side by side
 * from the moment the world is open; each scenario's `it` waits for its
 * result, so the report still reads one behaviour per test while the cases
 * run in parallel.
 */
import type { Context } from 'mocha';
import { availableEngines, type ScenarioEngine } from './engines.js';
import { Portal } from './portal.js';
import { Records } from './records.js';
import { StartForms } from './start-forms.js';
import { openWorld, type World } from './world.js';

export interface Stage {
  engine: ScenarioEngine;
  world: World;
  portal: Portal;
  forms: StartForms;
  records: Records;
}

type Outcome = { ok: true } | { ok: false; error: unknown };

/** A mocha test may wait for the scenarios queued before it in its lane. */
const SCENARIO_TIMEOUT_MS = 180_000;

class Lanes {
  private readonly planned: Array<{ lane: string; title: string; run: (stage: Stage) => Promise<void> }> = [];
  private readonly outcomes = new Map<string, Promise<Outcome>>();

  add(lane: string, title: string, run: (stage: Stage) => Promise<void>): void {
    if (this.planned.some((p) => p.title === title)) throw new Error(`two scenarios named "${title}"`);
    this.planned.push({ lane, title, run });
  }

  start(stage: Stage): void {
    const tails = new Map<string, Promise<unknown>>();
    for (const { lane, title, run } of this.planned) {
      const outcome = (tails.get(lane) ?? Promise.resolve()).then(() =>
        run(stage).then(
          (): Outcome => ({ ok: true }),
          (error: unknown): Outcome => ({ ok: false, error: withLog(error, stage.world.log) }),
        ),
      );
      tails.set(lane, outcome);
      this.outcomes.set(title, outcome);
    }
  }

  async result(title: string): Promise<void> {
    const outcome = await this.outcomes.get(title);
    if (!outcome) throw new Error(`scenario "${title}" did not start (the world did not open)`);
    if (!outcome.ok) throw outcome.error;
  }

  async settled(): Promise<void> {
    await Promise.all(this.outcomes.values());
  }
}

/** A failing scenario shows what the runtime logged last: a failed job or an incident says why a case stopped. */
function withLog(error: unknown, log: string[]): unknown {
  if (error instanceof Error && log.length > 0) error.message += `\n    runtime log (last lines):\n      ${log.slice(-15).join('\n      ')}`;
  return error;
}

export type DeclareScenario = (lane: string, title: string, run: (stage: Stage) => Promise<void>) => void;

export interface Declarations {
  scenario: DeclareScenario;
  /** State the world starts from (registrations held, employers saved), set before any lane starts. */
  given: (setUp: (stage: Stage) => Promise<void>) => void;
}

/** Declares a spec's scenarios once per engine. `declare` runs at load time, the scenarios once the world is open. */
export function scenarioSuite(title: string, declare: (declarations: Declarations) => void): void {
  for (const engine of availableEngines()) {
    const suffix = engine.unavailable ? ` — skipped: ${engine.unavailable}` : '';
    describe(`${title} (${engine.name} engine${suffix})`, function () {
      this.timeout(SCENARIO_TIMEOUT_MS);
      const lanes = new Lanes();
      const setUps: Array<(stage: Stage) => Promise<void>> = [];
      let world: World | undefined;

      before(async function (this: Context) {
        if (engine.unavailable) this.skip();
        world = await openWorld(engine);
        const portal = new Portal(world);
        const stage: Stage = { engine, world, portal, forms: new StartForms(portal), records: new Records(world) };
        for (const setUp of setUps) await setUp(stage);
        lanes.start(stage);
      });

      after(async () => {
        if (!world) return;
        await lanes.settled();
        await world.close();
      });

      declare({
        scenario(lane, scenarioTitle, run) {
          lanes.add(lane, scenarioTitle, run);
          it(scenarioTitle, () => lanes.result(scenarioTitle));
        },
        given(setUp) {
          setUps.push(setUp);
        },
      });
    });
  }
}
