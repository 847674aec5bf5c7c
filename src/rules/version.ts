// Versions as libsinsp's sinsp_version reads them: "M.m.p" (extra text after the patch is
// ignored), compared numerically, compatible when the major matches and the version is not older.

export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  valid: boolean;
}

/** The rules engine version this loader implements (Falco 0.44). */
export const ENGINE_VERSION: SemVer = Object.freeze({ major: 0, minor: 62, patch: 0, valid: true });

export function parseVersion(text: string): SemVer {
  const m = /^\s*\+?(\d+)\.\s*\+?(\d+)\.\s*\+?(\d+)/.exec(text);
  if (!m) return { major: 0, minor: 0, patch: 0, valid: false };
  const nums = [m[1], m[2], m[3]].map((d) => Number(d));
  if (nums.some((n) => n > 0xffffffff)) return { major: 0, minor: 0, patch: 0, valid: false };
  return { major: nums[0], minor: nums[1], patch: nums[2], valid: true };
}

/** The engine version implied by a bare integer `required_engine_version: N` (0.N.0). */
export function implicitEngineVersion(minor: number): SemVer {
  return { major: ENGINE_VERSION.major, minor, patch: ENGINE_VERSION.patch, valid: true };
}

export function versionString(v: SemVer): string {
  return `${v.major}.${v.minor}.${v.patch}`;
}

export function compareVersions(a: SemVer, b: SemVer): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** True when `have` satisfies `required`: same major, and not older. */
export function isCompatible(have: SemVer, required: SemVer): boolean {
  if (!have.valid || !required.valid) return false;
  return have.major === required.major && compareVersions(have, required) >= 0;
}
