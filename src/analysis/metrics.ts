/**
 * Welfare and concentration measures of an equilibrium (MODEL.md section 5): what the public
 * gets (the best open capability), how concentrated the race is (the frontier, the leader's
 * lead), and how much capability there is in all (welfare).
 */
import type { Equilibrium } from "../model/certificate.js";
import { OBJECTIVES } from "../model/objectives.js";

export interface Metrics {
  /** Sum of capabilities. */
  readonly welfare: number;
  /** Highest capability. */
  readonly frontier: number;
  /** Highest capability among labs that open at all (null when none does). */
  readonly bestOpenCapability: number | null;
  /** The frontier lab's margin over the runner-up. */
  readonly lead: number;
  /** Labs with openness > 0, and total openness. */
  readonly openLabs: number;
  readonly openness: number;
}

export const METRIC_NAMES = ["welfare", "frontier", "bestOpenCapability", "lead", "openLabs", "openness"] as const;

export function metricsOf(eq: Pick<Equilibrium, "profile" | "capabilities">): Metrics {
  const { profile: x, capabilities: p } = eq;
  const open = x.flatMap((v, i) => (v > 0 ? [p[i]] : []));
  return {
    welfare: OBJECTIVES.welfare.value(x, p),
    frontier: OBJECTIVES.frontier.value(x, p),
    bestOpenCapability: open.length ? Math.max(...open) : null,
    lead: OBJECTIVES.lead.value(x, p),
    openLabs: open.length,
    openness: OBJECTIVES.openness.value(x, p),
  };
}

/** The range of each metric over several equilibria ({min, max}; null for none). */
export function metricRanges(eqs: readonly Pick<Equilibrium, "profile" | "capabilities">[]) {
  const all = eqs.map(metricsOf);
  const range = (name: (typeof METRIC_NAMES)[number]) => {
    const values = all.map((m) => m[name]).filter((v): v is number => v !== null);
    return values.length ? { min: Math.min(...values), max: Math.max(...values) } : null;
  };
  return Object.fromEntries(METRIC_NAMES.map((name) => [name, range(name)])) as Record<(typeof METRIC_NAMES)[number], { min: number; max: number } | null>;
}
