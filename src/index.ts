/**
 * openrace: the open/closed AI-race game of Mladenovic, Courville and Gidel (2026).
 * The public library API. Everything exported here runs in Node and in browsers.
 */
export {
  ScenarioSchema,
  scenarioJsonSchema,
  type Scenario,
  type ScenarioInput,
  type Player,
  type Spillover,
} from "./model/scenario.js";
export {
  validateScenario,
  parseScenarioText,
  formatPath,
  formatProblem,
  type Problem,
  type Parsed,
} from "./model/validate.js";
export { buildGame, makeGame, isNonTrivial, DEFAULT_TIERS, type Game, type Profile } from "./model/game.js";
export { capabilities, payoffs, deviationPayoff, strongestRival } from "./model/payoff.js";
export {
  bestResponse,
  exploitability,
  isEquilibrium,
  certify,
  type Equilibrium,
  type BestResponse,
} from "./model/certificate.js";
export { explainProfile, type Explanation, type Incentive } from "./model/explain.js";
export { parseProfile } from "./model/profile.js";
export { dominancePresolve, type Presolve } from "./solvers/dominance.js";
export { enumerateEquilibria, type EnumerationStats } from "./solvers/enumerate.js";
export { Search, type SearchOptions, type Progress, type StopReason } from "./solvers/search.js";
export {
  solveDiscrete,
  compareProfiles,
  UnsupportedError,
  METHODS,
  GAMES,
  type Method,
  type GameKind,
  type SolveOptions,
  type SolveResult,
  type SolveStats,
} from "./solvers/solve.js";
export { readResult, describeIncentive, levelLabel, formatNumber, leaders } from "./analysis/reading.js";
