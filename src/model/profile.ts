/**
 * Profiles as users write them (INTERFACE.md): comma-separated openness values in player
 * order (`0,1,1`), or `id=value` pairs (`underdog=1`; players not listed are closed).
 * `open` and `closed` stand for 1 and 0.
 */
import { allowedLevels, isBinary, type Game, type Profile } from "./game.js";
import type { Parsed } from "./validate.js";

export function parseProfile(
  game: Game,
  text: string,
  allowed: "tiers" | "interval" = "tiers",
  path = "--profile",
): Parsed<Profile> {
  const fail = (message: string): Parsed<Profile> => ({ ok: false, problems: [{ path, message }] });
  const split = splitProfile(game, text, path);
  if (!split.ok) return split;
  const profile = new Array<number>(game.n).fill(0);
  for (let i = 0; i < game.n; i++) {
    const v = parseLevel(split.value[i]);
    if (v === null) return fail(`expected a number for "${game.ids[i]}", got "${split.value[i]}"`);
    profile[i] = v;
  }
  for (let i = 0; i < game.n; i++) {
    const v = profile[i];
    if (allowed === "tiers" && !game.tiers.includes(v))
      return fail(`"${game.ids[i]}" has openness ${v}, expected one of the tiers ${game.tiers.join(", ")}`);
    if (allowed === "interval" && !(v >= 0 && v <= 1))
      return fail(`"${game.ids[i]}" has openness ${v}, expected a number in [0, 1]`);
    if (v < game.minimum[i]) return fail(`"${game.ids[i]}" has openness ${v}, below its mandated minimum ${game.minimum[i]}`);
  }
  return { ok: true, value: profile };
}

/**
 * How far each typed value may be from the number it stands for: half a unit in its last
 * decimal, and at least half a unit in the 4th (openrace prints openness to 4 decimals, trailing
 * zeros dropped, so its own `1` may stand for 0.99996). `open`, `closed` and unlisted labs: 0.
 * For a text that `parseProfile` accepted.
 */
export function profileRounding(game: Game, text: string): number[] {
  const half = (token: string) => {
    if (token === "open" || token === "closed") return 0;
    const [mantissa, exponent = "0"] = token.toLowerCase().split("e");
    const decimals = (mantissa.split(".")[1] ?? "").length - Number(exponent);
    return 0.5 * 10 ** -Math.max(4, decimals);
  };
  const split = splitProfile(game, text, "--profile");
  return split.ok ? split.value.map(half) : new Array<number>(game.n).fill(0);
}

/** Each player's value as written: in player order, or from id=value pairs (unlisted: "closed"). */
function splitProfile(game: Game, text: string, path: string): Parsed<string[]> {
  const fail = (message: string): Parsed<string[]> => ({ ok: false, problems: [{ path, message }] });
  const parts = text.split(",").map((s) => s.trim());
  if (!parts.some((s) => s.includes("="))) {
    if (parts.length !== game.n)
      return fail(`expected ${game.n} comma-separated values (one per player: ${game.ids.join(", ")}), got ${parts.length}`);
    return { ok: true, value: parts };
  }
  const values = new Array<string>(game.n).fill("closed");
  const index = new Map(game.ids.map((id, i) => [id, i]));
  const given = new Set<string>();
  for (const part of parts) {
    const [id, value, extra] = part.split("=").map((s) => s.trim());
    if (value === undefined || extra !== undefined) return fail(`expected id=value pairs, got "${part}"`);
    const i = index.get(id);
    if (i === undefined) return fail(`unknown player "${id}" (players: ${game.ids.join(", ")})`);
    if (given.has(id)) return fail(`player "${id}" is given twice`);
    given.add(id);
    values[i] = value;
  }
  return { ok: true, value: values };
}

function parseLevel(text: string): number | null {
  if (text === "open") return 1;
  if (text === "closed") return 0;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return null;
  return Number(text);
}

/**
 * A mixed profile as users write it, for the discrete game: the syntax of `parseProfile`, where
 * a lab's value may also be a mixture: `p0/p1/.../pL` (one probability per tier, summing to 1),
 * or, in the binary game, a number strictly between 0 and 1, its probability of opening
 * (`leader=0.4`). Pure values (a tier, `open`, `closed`) are a mixture on one level. Returns one
 * probability per allowed level (`allowedLevels`) per lab.
 */
export function parseMixedProfile(game: Game, text: string, path = "--profile"): Parsed<number[][]> {
  const fail = (message: string): Parsed<number[][]> => ({ ok: false, problems: [{ path, message }] });
  const split = splitProfile(game, text, path);
  if (!split.ok) return split;
  const values = split.value;
  const binary = isBinary(game.tiers);
  const mixtures: number[][] = [];
  for (let i = 0; i < game.n; i++) {
    const id = game.ids[i];
    const levels = allowedLevels(game, i);
    let perTier: number[];
    if (values[i].includes("/")) {
      const q = values[i].split("/").map((s) => parseLevel(s.trim()));
      if (q.length !== game.tiers.length || q.some((v) => v === null || !(v >= 0 && v <= 1)))
        return fail(`"${id}": expected ${game.tiers.length} probabilities separated by "/" (one per tier ${game.tiers.join(", ")}), got "${values[i]}"`);
      perTier = q as number[];
      const total = perTier.reduce((a, b) => a + b, 0);
      if (Math.abs(total - 1) > 1e-9) return fail(`"${id}": the probabilities sum to ${total}, expected 1`);
    } else {
      const v = parseLevel(values[i]);
      if (v === null) return fail(`expected a number for "${id}", got "${values[i]}"`);
      if (game.tiers.includes(v)) perTier = game.tiers.map((t) => (t === v ? 1 : 0));
      else if (binary && v > 0 && v < 1) perTier = [1 - v, v];
      else
        return fail(
          `"${id}" has openness ${v}, expected one of the tiers ${game.tiers.join(", ")}${binary ? ", a probability of opening in (0, 1)" : ""} or probabilities per tier such as ${game.tiers.map(() => (1 / game.tiers.length).toFixed(2)).join("/")}`,
        );
    }
    const below = game.tiers.findIndex((t, l) => perTier[l] > 0 && t < game.minimum[i]);
    if (below >= 0) return fail(`"${id}" plays openness ${game.tiers[below]}, below its mandated minimum ${game.minimum[i]}`);
    mixtures.push(levels.map((t) => perTier[game.tiers.indexOf(t)]));
  }
  return { ok: true, value: mixtures };
}
