/**
 * Stored events keep the schema version they were written with. When a type's shape changes, an
 * upcaster turns version n into n + 1 on read, so old events are never rewritten and readers only
 * ever see the newest shape.
 */
export interface Upcaster {
  type: string;
  fromVersion: number;
  upcast(data: Record<string, unknown>): Record<string, unknown>;
}

export class UpcasterRegistry {
  private readonly byType = new Map<string, Map<number, Upcaster['upcast']>>();

  register(upcaster: Upcaster): this {
    if (!Number.isInteger(upcaster.fromVersion) || upcaster.fromVersion < 1) {
      throw new RangeError(`upcaster for ${upcaster.type}: fromVersion must be an integer >= 1`);
    }
    const steps = this.byType.get(upcaster.type) ?? new Map<number, Upcaster['upcast']>();
    if (steps.has(upcaster.fromVersion)) {
      throw new Error(`an upcaster for ${upcaster.type} v${upcaster.fromVersion} is registered already`);
    }
    steps.set(upcaster.fromVersion, upcaster.upcast);
    this.byType.set(upcaster.type, steps);
    return this;
  }

  /** The version new events of this type are written with. */
  currentVersion(type: string): number {
    const steps = this.byType.get(type);
    if (!steps) return 1;
    let version = 1;
    while (steps.has(version)) version += 1;
    return version;
  }

  upcast(
    type: string,
    schemaVersion: number,
    data: Record<string, unknown>,
  ): { schemaVersion: number; data: Record<string, unknown> } {
    const steps = this.byType.get(type);
    if (!steps) return { schemaVersion, data };
    let version = schemaVersion;
    let current = data;
    for (let step = steps.get(version); step; step = steps.get(version)) {
      current = step(current);
      version += 1;
    }
    return { schemaVersion: version, data: current };
  }
}
