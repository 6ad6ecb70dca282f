/**
 * The fault registry: every family's definitions in one list. A fault name picks a definition;
 * `applyFaults` turns a correct behaviour into a faulty one. The registry knows no single fault.
 */
import { correctBehaviour, type Behaviour } from '../behaviour.ts';
import { serverContract } from '../contract.ts';
import { authFaults } from './auth.ts';
import { constraintFaults } from './constraint.ts';
import { envelopeFaults } from './envelope.ts';
import { headerFaults } from './headers.ts';
import { itemFaults } from './items.ts';
import { lenientFaults } from './lenient.ts';
import { methodFaults } from './methods.ts';
import { pathFaults } from './paths.ts';
import { tokenFaults } from './tokens.ts';
import { answerFaults } from './answers.ts';
import { referentialFaults } from './referential.ts';
import { robustnessFaults } from './robustness.ts';
import { securityFaults } from './security.ts';
import { stateFaults } from './state.ts';
import { statusFaults } from './status.ts';
import { UnknownFaultError, type Fault, type FaultInfo } from './types.ts';
import { nearest } from '../../shared/nearest.ts';
import { PROFILES, type ProfileName } from '../profiles.ts';

export { UnknownFaultError, type Fault, type FaultInfo } from './types.ts';

let registry: Map<string, Fault> | undefined;

function faults(): Map<string, Fault> {
  if (!registry) {
    registry = new Map();
    for (const f of [...constraintFaults(), ...itemFaults(), ...referentialFaults(), ...robustnessFaults, ...stateFaults, ...envelopeFaults, ...statusFaults, ...authFaults, ...securityFaults, ...headerFaults(), ...lenientFaults(), ...methodFaults, ...pathFaults, ...tokenFaults, ...answerFaults]) {
      if (registry.has(f.name)) throw new Error(`two faults are named ${f.name}`);
      registry.set(f.name, f);
    }
  }
  return registry;
}

/**
 * Every fault the server can inject, with what the suite must report when it is on. Under a
 * profile that already does what a fault does (the lenient profile's parser), the fault is an
 * equivalent mutant there, and says why.
 */
export function listFaults(profile: ProfileName = 'contract'): FaultInfo[] {
  const absorbed = PROFILES[profile].absorbs;
  return [...faults().values()].map(({ name, description, detectedBy, family, equivalent, excusable }) => {
    const why = equivalent ?? absorbed[name];
    return { name, description, detectedBy, family, ...(why ? { equivalent: why } : {}), ...(excusable ? { excusable } : {}) };
  });
}

/** The server's behaviour with the named faults on; an unknown name is an UnknownFaultError. */
export function applyFaults(names: readonly string[], profile: ProfileName = 'contract'): Behaviour {
  const all = faults();
  const chosen = [...new Set(names)].map((n) => {
    const f = all.get(n);
    if (!f) throw new UnknownFaultError(`unknown fault "${n}"${suggest(n, [...all.keys()])} (list them with: npm run serve -- --list-faults)`);
    return f;
  });
  const behaviour = correctBehaviour(profile);
  for (const f of chosen) f.apply(behaviour);
  for (const finish of behaviour.finalizers) finish();
  // Compile every edited schema now, so a broken edit fails at start and not on a request.
  const { contract } = serverContract();
  for (const schema of behaviour.schemas.values()) contract.validatorFor(schema);
  return behaviour;
}

function suggest(name: string, known: string[]): string {
  const best = nearest(name, known, Math.max(2, Math.floor(name.length / 4)));
  return best ? `; did you mean "${best}"?` : '';
}
