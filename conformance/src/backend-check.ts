import { DTYPES, type DType, OPS, type OpName, type ReluBackend, backendOps, isDType, isOpName } from '@relu/core';
import { profileError, shown } from './profile-error.js';
import type { SubjectProfile } from './profiles.js';
import { type Place, placeInScope, whereIn } from './scope.js';

/**
 * What an adapter or a user's module handed the suite must be a ReluBackend the suite can drive:
 * each field is checked by name, so a module that returns the wrong thing is told which field
 * and what it held, instead of failing later inside a sweep.
 */
export function checkBackendShape(value: unknown, origin: string): ReluBackend {
  const at = (field: string) => `${origin}: the backend's "${field}"`;
  if (value === null || typeof value !== 'object') throw profileError(origin, `must give a ReluBackend object (name, dtypes, run, dispose); got ${shown(value)}`);
  const b = value as Record<string, unknown>;
  if (typeof b.name !== 'string' || b.name === '') throw profileError(at('name'), `must be a non-empty string; got ${shown(b.name)}`);
  if (!Array.isArray(b.dtypes) || !b.dtypes.every(isDType)) throw profileError(at('dtypes'), `must be an array of ${DTYPES.join(', ')}; got ${shown(b.dtypes)}`);
  if (b.ops !== undefined) {
    if (b.ops === null || typeof b.ops !== 'object' || Array.isArray(b.ops)) throw profileError(at('ops'), `must be an object of op name -> dtypes; got ${shown(b.ops)}`);
    for (const [op, dtypes] of Object.entries(b.ops)) {
      if (!isOpName(op)) throw profileError(at('ops'), `"${op}" is not an op (${Object.keys(OPS).join(', ')})`);
      if (!Array.isArray(dtypes) || !dtypes.every((d) => OPS[op].dtypes.includes(d as DType))) {
        throw profileError(at(`ops.${op}`), `must be an array of the dtypes ${op} is defined on (${OPS[op].dtypes.join(', ')}); got ${shown(dtypes)}`);
      }
    }
  }
  if (typeof b.run !== 'function') throw profileError(at('run'), `must be a function; got ${shown(b.run)}`);
  if (typeof b.dispose !== 'function') throw profileError(at('dispose'), `must be a function; got ${shown(b.dispose)}`);
  if (b.info !== undefined && (b.info === null || typeof b.info !== 'object')) throw profileError(at('info'), `must be an object; got ${shown(b.info)}`);
  return value as ReluBackend;
}

/**
 * A profile may only declare deviations for what its backend runs: a deviation on an op or dtype
 * the backend does not list could never be checked, so it is rejected, naming the profile entry.
 * Where the backend runs differs by place (float16 only with WebGPU's shader-f16), so given the
 * place, only the deviations scoped to it are held to what the backend runs there.
 */
export function checkProfileFitsBackend(profile: SubjectProfile, backend: ReluBackend, place?: Place): void {
  const ops = backendOps(backend);
  const here = place ? whereIn(place, profile.gpu) : undefined;
  profile.deviations.forEach((deviation, i) => {
    if (here && !placeInScope(deviation, here)) return;
    for (const op of deviation.ops) {
      for (const dtype of deviation.dtypes) {
        if (!(ops[op as OpName] ?? []).includes(dtype)) {
          const runs = Object.entries(ops).map(([o, d]) => `${o} on ${(d as DType[]).join(', ')}`).join('; ');
          throw profileError(`profile ${profile.source} (${profile.name}) deviations[${i}]`, `declares ${op} on ${dtype}, which backend "${backend.name}" does not run (it runs ${runs || 'nothing'})`);
        }
      }
    }
  });
}
