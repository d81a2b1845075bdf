import { validateScenario, formatProblem } from "./src/index.ts";
const base = () => ({ name: "t", players: [ { id: "a", capability: 10, communityGain: 1 }, { id: "b", capability: 9 }, { id: "c", capability: 7, communityGain: 3 } ] });
const s: any = { ...base(), spillover: [[0, 1], [1, 0]], tiers: [0.5, 0.25], extra: true };
s.players[0] = { ...s.players[0], capability: NaN }; s.players[2] = { ...s.players[2], rivals: ["zz"] };
const r = validateScenario(s); if (!r.ok) console.log(r.problems.map(formatProblem));
const r2 = validateScenario({...base(), spillover: {absorbtive: 0.1}}); if (!r2.ok) console.log(r2.problems.map(formatProblem));
