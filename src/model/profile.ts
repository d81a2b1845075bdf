/**
 * Profiles as users write them (INTERFACE.md): comma-separated openness values in player
 * order (`0,1,1`), or `id=value` pairs (`underdog=1`; players not listed are closed).
 * `open` and `closed` stand for 1 and 0.
 */
import type { Game, Profile } from "./game.js";
import type { Parsed } from "./validate.js";

export function parseProfile(
  game: Game,
  text: string,
  allowed: "tiers" | "interval" = "tiers",
  path = "--profile",
): Parsed<Profile> {
  const parts = text.split(",").map((s) => s.trim());
  const fail = (message: string): Parsed<Profile> => ({ ok: false, problems: [{ path, message }] });
  const named = parts.some((s) => s.includes("="));
  const profile = new Array<number>(game.n).fill(0);
  if (named) {
    const index = new Map(game.ids.map((id, i) => [id, i]));
    const given = new Set<string>();
    for (const part of parts) {
      const [id, value, extra] = part.split("=").map((s) => s.trim());
      if (value === undefined || extra !== undefined)
        return fail(`expected id=value pairs, got "${part}"`);
      const i = index.get(id);
      if (i === undefined) return fail(`unknown player "${id}" (players: ${game.ids.join(", ")})`);
      if (given.has(id)) return fail(`player "${id}" is given twice`);
      given.add(id);
      const v = parseLevel(value);
      if (v === null) return fail(`expected a number for "${id}", got "${value}"`);
      profile[i] = v;
    }
  } else {
    if (parts.length !== game.n)
      return fail(`expected ${game.n} comma-separated values (one per player: ${game.ids.join(", ")}), got ${parts.length}`);
    for (let i = 0; i < game.n; i++) {
      const v = parseLevel(parts[i]);
      if (v === null) return fail(`expected a number for "${game.ids[i]}", got "${parts[i]}"`);
      profile[i] = v;
    }
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
  const rounding = new Array<number>(game.n).fill(0);
  const half = (token: string) => {
    if (token === "open" || token === "closed") return 0;
    const [mantissa, exponent = "0"] = token.toLowerCase().split("e");
    const decimals = (mantissa.split(".")[1] ?? "").length - Number(exponent);
    return 0.5 * 10 ** -Math.max(4, decimals);
  };
  const parts = text.split(",").map((s) => s.trim());
  parts.forEach((part, k) => {
    const [id, value] = part.includes("=") ? part.split("=").map((s) => s.trim()) : [game.ids[k], part];
    const i = game.ids.indexOf(id);
    if (i >= 0) rounding[i] = half(value);
  });
  return rounding;
}

function parseLevel(text: string): number | null {
  if (text === "open") return 1;
  if (text === "closed") return 0;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return null;
  return Number(text);
}
