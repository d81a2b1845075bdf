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
  type Tier,
  tierLevel,
} from "./model/scenario.js";
export {
  validateScenario,
  parseScenarioText,
  parseJsonText,
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
  type Actions,
  type Equilibrium,
  type BestResponse,
} from "./model/certificate.js";
export { explainProfile, type Explanation, type Incentive } from "./model/explain.js";
export { intervalBestResponse, type IntervalBestResponse } from "./model/continuous.js";
export { parseProfile } from "./model/profile.js";
export {
  OBJECTIVES,
  OBJECTIVE_NAMES,
  SENSES,
  welfareRange,
  type Objective,
  type ObjectiveName,
  type Sense,
} from "./model/objectives.js";
export { dominancePresolve, type Presolve } from "./solvers/dominance.js";
export { Propagator, type DomainState } from "./solvers/propagate.js";
export { branchAndPropagate, type BranchStats } from "./solvers/branch.js";
export { bestResponseDynamics, type BestResponseStats } from "./solvers/best-response.js";
export { buildEquilibriumMip, type MipModel, type MipModelOptions } from "./solvers/mip-model.js";
export { mipEquilibria, type MipOptions } from "./solvers/mip.js";
export { configureHighs } from "./solvers/highs.js";
export { solveContinuous } from "./solvers/solve-continuous.js";
export { iterateContinuous, ITERATIVE_METHODS, type IterativeMethod, type IterateResult } from "./solvers/iterate.js";
export { polish, type PolishResult } from "./solvers/polish.js";
export { buildContinuousMip } from "./solvers/kkt-mip.js";
export { compareGames, type Comparison, type ComparedGame } from "./analysis/compare.js";
export { writeLp } from "./formats/lp.js";
export { writeMps } from "./formats/mps.js";
export { writeNfg, nfgProfileCount, NFG_MAX_PROFILES } from "./formats/nfg.js";
export { writeSmt2, type Smt2Options } from "./formats/smt2.js";
export { randomScenario, type RandomScenarioOptions } from "./generators/random.js";
export { parseDimacs, formatDimacs, randomCnf, satScenario, type Cnf } from "./generators/sat.js";
export { enumerateEquilibria, type EnumerationStats } from "./solvers/enumerate.js";
export { Search, type SearchOptions, type Progress, type StopReason } from "./solvers/search.js";
export {
  solveDiscrete,
  compareProfiles,
  ENUMERATION_LIMIT,
  UnsupportedError,
  METHODS,
  GAMES,
  type Method,
  type GameKind,
  type SolveOptions,
  type SolveResult,
  type SolveStats,
  type WelfareSummary,
  type DecidingMethod,
} from "./solvers/solve.js";
export {
  readResult,
  describeIncentive,
  levelLabel,
  formatNumber,
  formatSigned,
  leaders,
  leadNotes,
  equilibriumTitle,
  incompleteReason,
  listsAll,
  readObjective,
  readWelfare,
} from "./analysis/reading.js";
export { metricsOf, metricRanges, METRIC_NAMES, type Metrics } from "./analysis/metrics.js";
export {
  parseAxis,
  pointValues,
  sweepSpec,
  solvePoint,
  shardRange,
  shardIndices,
  rangeIndex,
  type IndexRange,
  type Axis,
  type SweepSpec,
  type SweepPoint,
  type InvalidPoint,
  type PointOutcome,
  type SweepDocument,
  type PointOptions,
} from "./analysis/sweep.js";
export { schedule, serveChunks, chunkSize, inIndexOrder, type IndexRunner, type WorkerMessage, type PoolWorker, type WorkerListener, type ScheduleOptions } from "./analysis/pool.js";
export { jobPool, runnerOf, type PoolJob, type JobPool, type JobResult, type PoolTransport, type PoolOptions, type WorkerTask, type SubtreeOutcome, type QreTraceOutcome } from "./analysis/pool-jobs.js";
export { subtreesOnPool } from "./analysis/parallel-search.js";
export { validatePolicy, policyProblems, applyPolicy, gameUnder, underPolicy, describeLevers, PolicySchema, LeverSchema, type Policy, type Lever } from "./analysis/policy.js";
export {
  parsePath,
  parameterPaths,
  applyValues,
  setParameter,
  parameterValue,
  PLAYER_FIELDS,
  type ParameterPath,
  type Subject,
} from "./analysis/parameters.js";
export {
  sweepLineSpec,
  phaseDiagramSpec,
  capabilityBarsSpec,
  shownEquilibrium,
  OKABE_ITO,
  uncertainProbabilitySpec,
  uncertainMetricsSpec,
  tornadoSpec,
} from "./analysis/charts.js";
export {
  parseUncertainSpec,
  inverseCdf,
  describeDistribution,
  UncertainSpecSchema,
  type Distribution,
  type UncertainSpec,
  type UncertainInput,
} from "./analysis/distributions.js";
export {
  makePlan,
  UncertainModel,
  UncertainState,
  emptyState,
  accumulate,
  uncertainDocument,
  mergeUncertainParts,
  type UncertainOptions,
  type UncertainPlan,
  type UncertainDocument,
  type SampleOutcome,
  type Evaluation,
} from "./analysis/uncertain.js";
export { Sampler, SCRAMBLES, BOOTSTRAP } from "./analysis/sampling.js";
export { SobolAccumulator, type SobolIndex } from "./analysis/sobol.js";
export { ExactSum, Proportion, Spread, SKETCH_ACCURACY, type Estimate } from "./analysis/accumulators.js";
export { solveJson, equilibriaCsv, sweepCsv, sweepCsvLines, sweepJsonChunks, jsonText } from "./analysis/documents.js";
export { ParameterLine, Piece, DomainError, domainOf, type Interval, type Domain } from "./analysis/parametric.js";
export { thresholds, parseRange, EXHAUSTIVE_LIMIT, TimeLimitError, type ThresholdsResult, type ThresholdRegion, type ThresholdsOptions, type Range } from "./analysis/thresholds.js";
export { margin, margins, choiceMargins, type Margin, type MarginsResult, type EdgeKind } from "./analysis/margins.js";
export { design, design2, designByLines, designOn, parseTarget, targetHolds, type Condition, type Requirement, type DesignResult, type Design2Result, type HoldRange } from "./analysis/design.js";
export { thresholdFinding, marginSentence, choiceSentence, pathLabel, profileLabel, regionLabel, statusOf } from "./analysis/threshold-reading.js";
export { thresholdsSpec } from "./analysis/charts.js";
// Beyond pure equilibria (issue 16): payoff tables, mixed, quantal-response and correlated equilibria.
export { payoffTable, profileAt, forEachProfile, TABLE_LIMITS, type PayoffTable } from "./model/table.js";
export {
  assessMixed,
  mixedRegret,
  certifyMixed,
  describeMixed,
  correlatedRegret,
  type MixedProfile,
  type MixedAssessment,
  type MixedEquilibrium,
  type ProfileWeight,
} from "./model/regret.js";
export { parseMixedProfile } from "./model/profile.js";
export { solveMixed, solveQre, mixedFits, type MixedResult, type MixedOptions, type MixedMethod } from "./solvers/mixed.js";
export { traceLogit, type LogitPoint, type LogitTrace, type LogitOptions } from "./solvers/logit.js";
export { enumerateSupports, type SupportEnumeration } from "./solvers/support-enumeration.js";
export {
  solveCorrelated,
  CorrelatedError,
  type CorrelatedResult,
  type CorrelatedEquilibrium,
  type CorrelatedOptions,
} from "./solvers/correlated.js";
export { readMixedResult, readCorrelatedResult, readMixedProfile, readMixture, formatProbability, formatRegret } from "./analysis/mixed-reading.js";
