/**
 * Jobs each security probe creates (this folder), a leaf the plan reads without
 * importing the probes: the tenant isolation probe one job of the run's (only with a peer), the mass
 * assignment probe one to name and one made with the owned members in its body.
 */
export const SECURITY_JOBS = { tenantIsolation: 1, massAssignment: 2 } as const;
