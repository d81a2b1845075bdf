/**
 * The page's state in the URL fragment (INTERFACE.md, "Web explorer links"):
 *
 *   #scenario=<base64url of the scenario JSON, UTF-8, padding optional>
 *
 * opens that scenario and solves it (discrete game with the scenario's tiers, all equilibria).
 * Further parameters, written only when they differ from those defaults, carry the rest of the
 * state: solve settings (`game`, `which`, `first`, `objective`, `sense`, `method`, `limit`) and the
 * explorer's axes (`line`, `phaseX`, `phaseY`, each `PATH=FROM:TO:STEPS` as in `sweep --vary`,
 * lever paths included), and the policy:
 *
 *   policy=<base64url of the policy JSON, UTF-8, padding optional>
 *
 * written only when the page has a policy (the default is none), read back into the policy box.
 */
import { DEFAULT_SETTINGS, readSettings, settingsParams, type SolveSettings } from "./settings.js";

export interface Link {
  /** The scenario's JSON text, or null when the link has none. */
  readonly scenario: string | null;
  /** Why the scenario parameter could not be read (bad base64url or UTF-8). */
  readonly scenarioError: string | null;
  /** The policy's JSON text, or null when the link has none. */
  readonly policy: string | null;
  /** Why the policy parameter could not be read. */
  readonly policyError: string | null;
  readonly settings: SolveSettings;
  readonly line: string | null;
  readonly phaseX: string | null;
  readonly phaseY: string | null;
}

/** UTF-8 text as base64url without padding. */
function encodeBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** base64url (or plain base64), padding optional, to UTF-8 text; throws on anything else. */
function decodeBase64Url(text: string): string {
  const b64 = text.trim().replace(/-/g, "+").replace(/_/g, "/").replace(/=+$/, "");
  if (!/^[A-Za-z0-9+/]*$/.test(b64) || b64.length % 4 === 1) throw new Error("not base64url");
  const binary = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
}

/** The fragment's parameters. Values are percent-decoded, except that `+` stays `+`. */
function fragmentParams(hash: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of hash.replace(/^#/, "").split("&")) {
    if (!part) continue;
    const eq = part.indexOf("=");
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? "" : part.slice(eq + 1);
    try {
      params.set(decodeURIComponent(key), decodeURIComponent(value));
    } catch {
      params.set(key, value);
    }
  }
  return params;
}

/** A base64url parameter's text: null when absent, an error when it cannot be read. */
function textParam(params: Map<string, string>, key: string): { text: string | null; error: string | null } {
  const encoded = params.get(key);
  if (encoded === undefined) return { text: null, error: null };
  try {
    return { text: decodeBase64Url(encoded), error: null };
  } catch {
    return { text: null, error: `the link's ${key} is not base64url-encoded UTF-8 text, so it cannot be read` };
  }
}

export function readLink(hash: string): Link {
  const params = fragmentParams(hash);
  const scenario = textParam(params, "scenario");
  const policy = textParam(params, "policy");
  return {
    scenario: scenario.text,
    scenarioError: scenario.error,
    policy: policy.text,
    policyError: policy.error,
    settings: readSettings(params),
    line: params.get("line") ?? null,
    phaseX: params.get("phaseX") ?? null,
    phaseY: params.get("phaseY") ?? null,
  };
}

export function writeLink(link: { scenarioJson: string; policyJson?: string | null; settings: SolveSettings; line?: string | null; phaseX?: string | null; phaseY?: string | null }): string {
  const parts = [`scenario=${encodeBase64Url(link.scenarioJson)}`];
  for (const [key, value] of settingsParams(link.settings, DEFAULT_SETTINGS)) parts.push(`${key}=${encodeURIComponent(value)}`);
  for (const key of ["line", "phaseX", "phaseY"] as const) {
    const value = link[key];
    if (value) parts.push(`${key}=${encodeURIComponent(value).replace(/%3A/gi, ":").replace(/%3D/gi, "=")}`);
  }
  if (link.policyJson) parts.push(`policy=${encodeBase64Url(link.policyJson)}`);
  return `#${parts.join("&")}`;
}
