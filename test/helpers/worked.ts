/** The worked example of MODEL.md section 4, built in code. */
import { gameOf } from "./arbitrary.js";

export const workedExample = () =>
  gameOf({
    players: [
      { id: "leader", capability: 10, communityGain: 1, openCost: 0.5 },
      { id: "challenger", capability: 9, communityGain: 1 },
      { id: "underdog", capability: 7, communityGain: 3 },
    ],
    spillover: { absorptive: 0.5 },
  });
