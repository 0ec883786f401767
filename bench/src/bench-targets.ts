import { type EnvironmentTarget, environmentSkipReason, environments, parseEnvironmentList, runtimes } from '@relu/runtime-harness';

/**
 * Where `--runtimes` asks the bench to measure: server runtimes of runtimes/runtimes.json and
 * browsers, by name. The runtime this process is (the machine's Node 20 for `npm run bench`)
 * measures in this process, as the bench always did; every other one in a child runtime or a
 * page that the harness opens, running the bench's guest entry.
 */
export interface BenchTarget {
  readonly name: string;
  readonly kind: EnvironmentTarget['kind'];
  readonly label: string;
  /** Measured in this process rather than in a child of the same runtime. */
  readonly inProcess: boolean;
}

/** This process as a runtime of the manifest: the one of the same Node version, if any. */
export interface ThisProcess {
  /** The manifest's name for it ('node20'), or 'node' when the manifest pins no runtime of this version. */
  readonly name: string;
  readonly label: string;
}

export async function thisProcess(): Promise<ThisProcess> {
  const same = (await runtimes()).find((r) => r.family === 'node' && r.available && r.version === process.versions.node);
  return same ? { name: same.name, label: same.label } : { name: 'node', label: `Node ${process.versions.node} (this process)` };
}

/** The default of `--runtimes`: this process and Chromium, so that the first command stays light. */
export async function defaultRuntimes(): Promise<string[]> {
  return [(await thisProcess()).name, 'chromium'];
}

/**
 * The targets of a `--runtimes` list (names, or ['all']: every one available here) in the order
 * given, with a one-line notice for each one that cannot run here (a name given explicitly that
 * cannot run fails under CI: environmentSkipReason throws). An unknown name is a RangeError
 * listing the known ones, before anything runs.
 */
export async function benchTargets(names: readonly string[], options: { readonly inProcessAllowed: boolean }): Promise<{ targets: BenchTarget[]; skipped: string[] }> {
  const here = await thisProcess();
  const inProcess = (name: string) => options.inProcessAllowed && name === here.name;
  const expanded = names.includes('all') ? parseEnvironmentList('all') : [...new Set(names)];
  // Throws on a name neither the manifest nor the browsers know.
  const checked = expanded.filter((name) => !inProcess(name));
  if (checked.length > 0) parseEnvironmentList(checked.join(','));
  const known = await environments();
  const targets: BenchTarget[] = [];
  const skipped: string[] = [];
  for (const name of expanded) {
    if (inProcess(name)) {
      targets.push({ name, kind: 'runtime', label: here.label, inProcess: true });
      continue;
    }
    const target = known.find((t) => t.name === name)!;
    // 'all' is every one available here; a name given is required (under CI, missing fails).
    const reason = names.includes('all') ? (target.available ? undefined : target.reason) : environmentSkipReason(target);
    if (reason) skipped.push(`not measured in ${name}: ${reason}`);
    else targets.push({ name, kind: target.kind, label: target.label, inProcess: false });
  }
  return { targets, skipped };
}
