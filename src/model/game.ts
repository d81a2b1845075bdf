/**
 * The game built from a scenario (MODEL.md section 1): dense arrays that the payoff formula
 * and the solvers read, and the tolerance of section 2, computed here once.
 */
import { tierLevel, type Scenario } from "./scenario.js";

export interface Game {
  /** Number of players. */
  readonly n: number;
  readonly ids: readonly string[];
  readonly names: readonly string[];
  /** c_i: capability before the round. */
  readonly capability: Float64Array;
  /** a_i: capability gained by opening fully. */
  readonly communityGain: Float64Array;
  /** k_i: private cost of opening fully. */
  readonly openCost: Float64Array;
  /** B[i][j] at `spillover[i * n + j]`: what j gains when i opens fully; diagonal 0. */
  readonly spillover: Float64Array;
  /** R(i): indices of the labs i races against (never empty, never i). */
  readonly rivals: readonly Int32Array[];
  /** Openness levels, strictly increasing, starting at 0. */
  readonly tiers: readonly number[];
  /**
   * Names the scenario gives some levels (`{"level": 0.5, "name": "open weights"}`), keyed by
   * the level as `String(level)`: tables, readings and charts use them.
   */
  readonly tierNames?: Readonly<Record<string, string>>;
  /**
   * m_i: the lowest openness player i may choose (0 for every lab unless a policy mandates
   * more, MODEL.md section 5). Its actions are the tiers at or above m_i, or [m_i, 1].
   */
  readonly minimum: Float64Array;
  /** Equilibrium tolerance of MODEL.md section 2: 1e-9 * S. */
  readonly tolerance: number;
}

/** Openness per player, in player order. */
export type Profile = readonly number[];

export const DEFAULT_TIERS: readonly number[] = [0, 1];

/** True for the binary game's levels, closed or open (tiers always start at 0). */
export function isBinary(tiers: readonly number[]): boolean {
  return tiers.length === 2 && tiers[0] === 0 && tiers[1] === 1;
}

/** Builds the game of a validated scenario (see `validateScenario`). */
export function buildGame(scenario: Scenario): Game {
  const players = scenario.players;
  const n = players.length;
  const ids = players.map((p) => p.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  const capability = Float64Array.from(players, (p) => p.capability);
  const communityGain = Float64Array.from(players, (p) => p.communityGain);
  const openCost = Float64Array.from(players, (p) => p.openCost);

  const spillover = new Float64Array(n * n);
  const s = scenario.spillover;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      if (typeof s === "number") spillover[i * n + j] = s;
      else if (Array.isArray(s)) spillover[i * n + j] = s[i][j];
      else spillover[i * n + j] = s.absorptive * Math.max(0, capability[i] - capability[j]);
    }
  }
  for (const pair of scenario.spilloverPairs ?? []) {
    spillover[index.get(pair.from)! * n + index.get(pair.to)!] = pair.value;
  }

  const rivals = players.map((p, i) =>
    p.rivals
      ? Int32Array.from(p.rivals, (id) => index.get(id)!)
      : Int32Array.from({ length: n - 1 }, (_, r) => (r < i ? r : r + 1)),
  );

  return makeGame({
    ids,
    names: players.map((p) => p.name ?? p.id),
    capability,
    communityGain,
    openCost,
    spillover,
    rivals,
    tiers: tierLevels(scenario),
    ...tierNamesOf(scenario),
  });
}

/** A scenario's openness levels as numbers (named tiers by their level), default [0, 1]. */
export function tierLevels(scenario: Pick<Scenario, "tiers">): readonly number[] {
  return scenario.tiers?.map(tierLevel) ?? DEFAULT_TIERS;
}

function tierNamesOf(scenario: Scenario): { tierNames?: Record<string, string> } {
  const named = (scenario.tiers ?? []).flatMap((t) => (typeof t === "number" ? [] : [[String(t.level), t.name] as const]));
  return named.length ? { tierNames: Object.fromEntries(named) } : {};
}

type GameParts = Omit<Game, "n" | "tolerance" | "minimum"> & { readonly minimum?: Float64Array };

/**
 * Assembles a game from its arrays and computes its tolerance (used by generators, policies
 * and tests). Without `minimum`, every lab may choose any level.
 */
export function makeGame(parts: GameParts): Game {
  const n = parts.ids.length;
  const minimum = parts.minimum ?? new Float64Array(n);
  return { ...parts, minimum, n, tolerance: 1e-9 * toleranceScale(parts, n) };
}

/** The levels among `levels` that player i may choose: those at or above its minimum. */
export function allowedLevels(game: Game, i: number, levels: readonly number[] = game.tiers): number[] {
  return levels.filter((y) => y >= game.minimum[i]);
}

/** S = 1 + max_i |c_i| + max_i a_i + max_j sum_i B[i][j] (MODEL.md section 2). */
function toleranceScale(parts: GameParts, n: number): number {
  let maxAbsC = 0;
  let maxA = 0;
  let maxInflow = 0;
  for (let j = 0; j < n; j++) {
    maxAbsC = Math.max(maxAbsC, Math.abs(parts.capability[j]));
    maxA = Math.max(maxA, parts.communityGain[j]);
    let inflow = 0;
    for (let i = 0; i < n; i++) if (i !== j) inflow += parts.spillover[i * n + j];
    maxInflow = Math.max(maxInflow, inflow);
  }
  return 1 + maxAbsC + maxA + maxInflow;
}

/** True when the profile has some player open (a non-trivial profile, MODEL.md section 2). */
export function isNonTrivial(profile: Profile): boolean {
  return profile.some((x) => x > 0);
}
