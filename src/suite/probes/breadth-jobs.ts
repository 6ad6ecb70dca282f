/**
 * Jobs the breadth probes (issue 29) create at most, a leaf the plan reads without importing the
 * probes: the repeated create two of one body, and one job to name plus one made with its jobRef
 * (the first often a spare the state probes left); the duplicate items one createJob body; the
 * number edges two createJob bodies of their valid values.
 */
export const BREADTH_JOBS = { repeatedCreate: 4, duplicateItems: 1, numberEdges: 2 } as const;
