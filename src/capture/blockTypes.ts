// Block ids of the libscap capture-file ("savefile") format. A file is a sequence of blocks:
// u32 type | u32 total length | body | padding to 4 bytes | u32 total length again.
// The "_INT" ids are the unofficial numbers used before the library's first release; readers
// still accept them.

export const SHB_BLOCK_TYPE = 0x0a0d0d0a;
/** Byte-order magic in the section header, as written on a little-endian host. */
export const SHB_MAGIC = 0x1a2b3c4d;
/** The same magic read from a file written on a host of the other byte order. */
export const SHB_MAGIC_SWAPPED = 0x4d3c2b1a;

export const MI_BLOCK_TYPE = 0x201;
export const MI_BLOCK_TYPE_INT = 0x8002abcd;

export const PL_BLOCK_TYPE_V1 = 0x202;
export const PL_BLOCK_TYPE_V1_INT = 0x8000abcd;
export const PL_BLOCK_TYPE_V2 = 0x207;
export const PL_BLOCK_TYPE_V2_INT = 0x8013abcd;
export const PL_BLOCK_TYPE_V3 = 0x209;
export const PL_BLOCK_TYPE_V3_INT = 0x8014abcd;
export const PL_BLOCK_TYPE_V4 = 0x210;
export const PL_BLOCK_TYPE_V5 = 0x211;
export const PL_BLOCK_TYPE_V6 = 0x212;
export const PL_BLOCK_TYPE_V7 = 0x213;
export const PL_BLOCK_TYPE_V8 = 0x214;
export const PL_BLOCK_TYPE_V9 = 0x215;

export const FDL_BLOCK_TYPE = 0x203;
export const FDL_BLOCK_TYPE_INT = 0x8001abcd;
export const FDL_BLOCK_TYPE_V2 = 0x218;

export const EV_BLOCK_TYPE = 0x204;
export const EV_BLOCK_TYPE_INT = 0x8010abcd;
export const EV_BLOCK_TYPE_V2 = 0x216;
export const EV_BLOCK_TYPE_V2_LARGE = 0x221;

export const IL_BLOCK_TYPE = 0x205;
export const IL_BLOCK_TYPE_INT = 0x8011abcd;
export const IL_BLOCK_TYPE_V2 = 0x219;

export const UL_BLOCK_TYPE = 0x206;
export const UL_BLOCK_TYPE_INT = 0x8012abcd;
export const UL_BLOCK_TYPE_V2 = 0x220;

export const EVF_BLOCK_TYPE = 0x208;
export const EVF_BLOCK_TYPE_V2 = 0x217;
export const EVF_BLOCK_TYPE_V2_LARGE = 0x222;

/** Block header (type + length) and trailer (length) sizes. */
export const BLOCK_HEADER_SIZE = 8;
export const BLOCK_TRAILER_SIZE = 4;

/** Process-list layout version (1..9) of a PL block id, or 0 when the id is not a process list. */
export function procListVersion(type: number): number {
  switch (type) {
    case PL_BLOCK_TYPE_V1:
    case PL_BLOCK_TYPE_V1_INT:
      return 1;
    case PL_BLOCK_TYPE_V2:
    case PL_BLOCK_TYPE_V2_INT:
      return 2;
    case PL_BLOCK_TYPE_V3:
    case PL_BLOCK_TYPE_V3_INT:
      return 3;
    case PL_BLOCK_TYPE_V4:
      return 4;
    case PL_BLOCK_TYPE_V5:
      return 5;
    case PL_BLOCK_TYPE_V6:
      return 6;
    case PL_BLOCK_TYPE_V7:
      return 7;
    case PL_BLOCK_TYPE_V8:
      return 8;
    case PL_BLOCK_TYPE_V9:
      return 9;
    default:
      return 0;
  }
}

/** How an event block lays out its event. */
export interface EventBlockKind {
  /** The block carries 32 bits of flags after the cpu id (EVF blocks). */
  hasFlags: boolean;
  /** The event header has the nparams field (V2 blocks); V1 events lack it. */
  hasNparams: boolean;
  /** The block may exceed 64 KiB (V2_LARGE). */
  large: boolean;
}

const EV_KINDS = new Map<number, EventBlockKind>([
  [EV_BLOCK_TYPE, { hasFlags: false, hasNparams: false, large: false }],
  [EV_BLOCK_TYPE_INT, { hasFlags: false, hasNparams: false, large: false }],
  [EV_BLOCK_TYPE_V2, { hasFlags: false, hasNparams: true, large: false }],
  [EV_BLOCK_TYPE_V2_LARGE, { hasFlags: false, hasNparams: true, large: true }],
  [EVF_BLOCK_TYPE, { hasFlags: true, hasNparams: false, large: false }],
  [EVF_BLOCK_TYPE_V2, { hasFlags: true, hasNparams: true, large: false }],
  [EVF_BLOCK_TYPE_V2_LARGE, { hasFlags: true, hasNparams: true, large: true }],
]);

/** The layout of an event block id, or undefined when the id is not an event block. */
export function eventBlockKind(type: number): EventBlockKind | undefined {
  return EV_KINDS.get(type);
}

const NAMES = new Map<number, string>([
  [SHB_BLOCK_TYPE, 'SHB_BLOCK_TYPE'],
  [MI_BLOCK_TYPE, 'MI_BLOCK_TYPE'],
  [MI_BLOCK_TYPE_INT, 'MI_BLOCK_TYPE_INT'],
  [PL_BLOCK_TYPE_V1, 'PL_BLOCK_TYPE_V1'],
  [PL_BLOCK_TYPE_V1_INT, 'PL_BLOCK_TYPE_V1_INT'],
  [PL_BLOCK_TYPE_V2, 'PL_BLOCK_TYPE_V2'],
  [PL_BLOCK_TYPE_V2_INT, 'PL_BLOCK_TYPE_V2_INT'],
  [PL_BLOCK_TYPE_V3, 'PL_BLOCK_TYPE_V3'],
  [PL_BLOCK_TYPE_V3_INT, 'PL_BLOCK_TYPE_V3_INT'],
  [PL_BLOCK_TYPE_V4, 'PL_BLOCK_TYPE_V4'],
  [PL_BLOCK_TYPE_V5, 'PL_BLOCK_TYPE_V5'],
  [PL_BLOCK_TYPE_V6, 'PL_BLOCK_TYPE_V6'],
  [PL_BLOCK_TYPE_V7, 'PL_BLOCK_TYPE_V7'],
  [PL_BLOCK_TYPE_V8, 'PL_BLOCK_TYPE_V8'],
  [PL_BLOCK_TYPE_V9, 'PL_BLOCK_TYPE_V9'],
  [FDL_BLOCK_TYPE, 'FDL_BLOCK_TYPE'],
  [FDL_BLOCK_TYPE_INT, 'FDL_BLOCK_TYPE_INT'],
  [FDL_BLOCK_TYPE_V2, 'FDL_BLOCK_TYPE_V2'],
  [EV_BLOCK_TYPE, 'EV_BLOCK_TYPE'],
  [EV_BLOCK_TYPE_INT, 'EV_BLOCK_TYPE_INT'],
  [EV_BLOCK_TYPE_V2, 'EV_BLOCK_TYPE_V2'],
  [EV_BLOCK_TYPE_V2_LARGE, 'EV_BLOCK_TYPE_V2_LARGE'],
  [IL_BLOCK_TYPE, 'IL_BLOCK_TYPE'],
  [IL_BLOCK_TYPE_INT, 'IL_BLOCK_TYPE_INT'],
  [IL_BLOCK_TYPE_V2, 'IL_BLOCK_TYPE_V2'],
  [UL_BLOCK_TYPE, 'UL_BLOCK_TYPE'],
  [UL_BLOCK_TYPE_INT, 'UL_BLOCK_TYPE_INT'],
  [UL_BLOCK_TYPE_V2, 'UL_BLOCK_TYPE_V2'],
  [EVF_BLOCK_TYPE, 'EVF_BLOCK_TYPE'],
  [EVF_BLOCK_TYPE_V2, 'EVF_BLOCK_TYPE_V2'],
  [EVF_BLOCK_TYPE_V2_LARGE, 'EVF_BLOCK_TYPE_V2_LARGE'],
]);

function hex(type: number): string {
  return `0x${(type >>> 0).toString(16)}`;
}

/** `PL_BLOCK_TYPE_V9 (0x215)`, or `unknown block type 0x1234` for ids this reader does not know. */
export function blockTypeName(type: number): string {
  const n = NAMES.get(type);
  return n === undefined ? `unknown block type ${hex(type)}` : `${n} (${hex(type)})`;
}

export function isKnownBlockType(type: number): boolean {
  return NAMES.has(type);
}
