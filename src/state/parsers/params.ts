// Parameter access by name for the state parsers. Older event versions carry fewer parameters
// in their exit event and the rest in the enter event, so `any*` readers fall back to the enter
// event (evt.enter) when the exit lacks a parameter; `exit*` readers never do (used where the
// enter event has a same-named parameter of another meaning, e.g. execveat's `flags`).
// An empty parameter (length 0) means "not available", as for the driver.

import { EVENT_TABLE, PPM_EVENT_MAX } from '../../events/eventTable.js';
import type { ScapEvent } from '../../events/scapEvent.js';
import type { SyscallEvent } from '../../sources/syscall/syscallEvent.js';

/** Per event id: parameter name → index. */
const NAME_INDEX: ReadonlyArray<ReadonlyMap<string, number>> = EVENT_TABLE.map(
  (e) => new Map(e.params.map((p, i) => [p.name, i] as const)),
);
const NO_NAMES: ReadonlyMap<string, number> = new Map();

export function paramIndexOf(type: number, name: string): number {
  return (type < PPM_EVENT_MAX ? NAME_INDEX[type] : NO_NAMES)?.get(name) ?? -1;
}

/** Index of `name` in e when present and non-empty, else -1. */
function present(e: ScapEvent, name: string): number {
  const i = paramIndexOf(e.type, name);
  if (i < 0 || i >= e.nparams) return -1;
  return e.paramLength(i) > 0 ? i : -1;
}

/** The event (exit, else its enter) holding a non-empty `name`, and its index. */
function locate(evt: SyscallEvent, name: string, fallback: boolean): [ScapEvent, number] | undefined {
  const i = present(evt, name);
  if (i >= 0) return [evt, i];
  if (fallback && evt.enter !== undefined) {
    const j = present(evt.enter, name);
    if (j >= 0) return [evt.enter, j];
  }
  return undefined;
}

export function hasParam(evt: SyscallEvent, name: string, fallback = true): boolean {
  return locate(evt, name, fallback) !== undefined;
}

export function anyInt(evt: SyscallEvent, name: string): number | undefined {
  const l = locate(evt, name, true);
  return l && l[0].paramInt(l[1]);
}

export function anyUint(evt: SyscallEvent, name: string): number | undefined {
  const l = locate(evt, name, true);
  return l && l[0].paramUint(l[1]);
}

export function anyU64(evt: SyscallEvent, name: string): bigint | undefined {
  const l = locate(evt, name, true);
  return l && l[0].paramU64(l[1]);
}

export function anyStr(evt: SyscallEvent, name: string): string | undefined {
  const l = locate(evt, name, true);
  return l && l[0].paramString(l[1]);
}

export function anyBytes(evt: SyscallEvent, name: string): Buffer | undefined {
  const l = locate(evt, name, true);
  return l && l[0].paramBytes(l[1]);
}

export function exitInt(evt: SyscallEvent, name: string): number | undefined {
  const i = present(evt, name);
  return i < 0 ? undefined : evt.paramInt(i);
}

export function exitUint(evt: SyscallEvent, name: string): number | undefined {
  const i = present(evt, name);
  return i < 0 ? undefined : evt.paramUint(i);
}

export function exitU64(evt: SyscallEvent, name: string): bigint | undefined {
  const i = present(evt, name);
  return i < 0 ? undefined : evt.paramU64(i);
}

export function exitStr(evt: SyscallEvent, name: string): string | undefined {
  const i = present(evt, name);
  return i < 0 ? undefined : evt.paramString(i);
}

export function exitBytes(evt: SyscallEvent, name: string): Buffer | undefined {
  const i = present(evt, name);
  return i < 0 ? undefined : evt.paramBytes(i);
}

/** Parameter of the enter event only. */
export function enterStr(evt: SyscallEvent, name: string): string | undefined {
  const e = evt.enter;
  if (e === undefined) return undefined;
  const i = present(e, name);
  return i < 0 ? undefined : e.paramString(i);
}

export function enterInt(evt: SyscallEvent, name: string): number | undefined {
  const e = evt.enter;
  if (e === undefined) return undefined;
  const i = present(e, name);
  return i < 0 ? undefined : e.paramInt(i);
}

export function enterUint(evt: SyscallEvent, name: string): number | undefined {
  const e = evt.enter;
  if (e === undefined) return undefined;
  const i = present(e, name);
  return i < 0 ? undefined : e.paramUint(i);
}

export function enterBytes(evt: SyscallEvent, name: string): Buffer | undefined {
  const e = evt.enter;
  if (e === undefined) return undefined;
  const i = present(e, name);
  return i < 0 ? undefined : e.paramBytes(i);
}

/** The syscall's return value: parameter 0 of an exit event; undefined when absent. */
export function result(evt: SyscallEvent): number | undefined {
  return evt.nparams > 0 && evt.paramLength(0) > 0 ? evt.paramInt(0) : undefined;
}
