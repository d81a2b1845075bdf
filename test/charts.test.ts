import { run, tempDir } from "./helpers/cli.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const dir = tempDir("charts");

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(file: string): { width: number; height: number; bytes: number } {
  const data = readFileSync(file);
  expect([...data.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(data.subarray(12, 16).toString("ascii")).toBe("IHDR");
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20), bytes: data.length };
}

function svgOf(file: string): string {
  const svg = readFileSync(file, "utf8");
  expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
  return svg;
}

describe("charts", () => {
  it("a one-parameter sweep draws each lab's openness and the metrics, as SVG and PNG", () => {
    const out = join(dir, "line");
    expect(run(["sweep", "examples/three-lab-race.json", "--vary", "spillover.absorptive=0:1.5:16", "--out", out]).status).toBe(0);
    const svg = svgOf(join(out, "sweep-line.svg"));
    for (const text of ["spillover.absorptive", "leader", "challenger", "underdog", "best open capability", "frontier"]) expect(svg).toContain(text);
    // Lines with real geometry: each lab's strip and each metric.
    expect((svg.match(/<path[^>]* d="M[^"]{20,}"/g) ?? []).length).toBeGreaterThanOrEqual(6);
    const png = pngSize(join(out, "sweep-line.png"));
    expect(png.width).toBeGreaterThan(800);
    expect(png.height).toBeGreaterThan(400);
    expect(png.bytes).toBeGreaterThan(20_000);
  });

  it("a two-parameter sweep draws a phase diagram with a legend of who opens", () => {
    const out = join(dir, "phase");
    const args = ["--vary", "spillover.absorptive=0:1.5:7", "--vary", "players.underdog.communityGain=0:4:5"];
    expect(run(["sweep", "examples/three-lab-race.json", ...args, "--out", out]).status).toBe(0);
    const svg = svgOf(join(out, "phase-diagram.svg"));
    expect(svg).toContain("labs that open");
    expect(svg).toContain("players.underdog.communityGain");
    expect(svg).toMatch(/leader \+ challenger \+ underdog/);
    expect((svg.match(/<path[^>]*fill="#[0-9A-Fa-f]{6}"/g) ?? []).length).toBeGreaterThanOrEqual(35);
    expect(pngSize(join(out, "phase-diagram.png")).bytes).toBeGreaterThan(10_000);
  });

  it("solve --plot draws the equilibrium's capabilities; other extensions are refused", () => {
    const png = join(dir, "bars.png");
    expect(run(["solve", "examples/behind-labs-open.json", "--plot", png]).status).toBe(0);
    expect(pngSize(png).width).toBeGreaterThan(600);
    const svgFile = join(dir, "bars.svg");
    expect(run(["solve", "examples/behind-labs-open.json", "--plot", svgFile]).status).toBe(0);
    expect(svgOf(svgFile)).toContain("Equilibrium 1 of 1: challenger + community + newcomer open");
    const bad = run(["solve", "examples/behind-labs-open.json", "--plot", join(dir, "bars.gif")]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/expected a file name ending in .svg or .png/);
  });
});
