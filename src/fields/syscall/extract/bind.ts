// Binding a validated syscall field reference to its extractor: the class binder builds the
// closure once; the wrapper turns malformed event bytes into "not available" instead of a throw.

import type { FieldValue } from '../../types.js';
import type { SyscallEvent } from '../../../sources/syscall/syscallEvent.js';
import type { ResolvedSyscallField } from '../../../sources/syscall/syscallSource.js';
import { bindContainerField } from './container.js';
import { bindEvtField } from './evt.js';
import { bindFdField } from './fd.js';
import { bindFsPathField } from './fsPath.js';
import { bindProcField } from './proc.js';
import type { ClassBinder, FieldRequest, SyscallExtractor } from './types.js';
import { NOT_AVAILABLE } from './types.js';
import { bindUserField } from './user.js';

const CLASS_BINDERS: Readonly<Record<string, ClassBinder>> = {
  evt: bindEvtField,
  process: bindProcField,
  user: bindUserField,
  group: bindUserField,
  fd: bindFdField,
  fdlist: bindFdField,
  'fs.path': bindFsPathField,
  container: bindContainerField,
};

/** util.cnt: a counter per bound use, as libsinsp keeps it per filter check. */
function counter(): SyscallExtractor {
  let n = 0;
  return () => ++n;
}

function guarded(inner: SyscallExtractor): SyscallExtractor {
  return (evt: SyscallEvent): FieldValue => {
    try {
      return inner(evt);
    } catch {
      // a parameter whose bytes contradict the event header: the value is not available
      return undefined;
    }
  };
}

/**
 * The extractor of a resolved field reference. Fields whose data Kestrel's state cannot have
 * (see the class binders) extract as "not available".
 */
export function bindSyscallField(resolved: ResolvedSyscallField): SyscallExtractor {
  const req: FieldRequest = { name: resolved.field.name, arg: resolved.arg, type: resolved.type };
  if (req.name === 'util.cnt') return counter();
  const binder = CLASS_BINDERS[resolved.fieldClass.name];
  const inner = binder?.(req);
  return inner ? guarded(inner) : NOT_AVAILABLE;
}

/** Whether Kestrel extracts a field at all (false: always "not available"). */
export function isExtracted(resolved: ResolvedSyscallField): boolean {
  const req: FieldRequest = { name: resolved.field.name, arg: resolved.arg, type: resolved.type };
  if (req.name === 'util.cnt') return true;
  return CLASS_BINDERS[resolved.fieldClass.name]?.(req) !== undefined;
}
