import { randomFor, type Xoshiro128StarStar } from '../../../shared/mix/random';

/**
 * The demo generator's seeded choices (the project's xoshiro128**, one stream per purpose), so the
 * same seed always writes the same bytes.
 */
export class Picker {
  private readonly generator: Xoshiro128StarStar;

  constructor(seed: number, purpose: string) {
    this.generator = randomFor(seed, purpose);
  }

  /** An integer in [low, high]. */
  int(low: number, high: number): number {
    return low + this.generator.nextBelow(high - low + 1);
  }

  /** One item of a list. */
  one<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Picker.one: nothing to pick from');
    return items[this.generator.nextBelow(items.length)];
  }

  /** `count` distinct items of a list, in random order. */
  some<T>(items: readonly T[], count: number): T[] {
    if (count > items.length) throw new Error(`Picker.some: ${count} of ${items.length} items`);
    return this.generator.shuffle([...items]).slice(0, count);
  }

  /** True with probability `chance`. */
  chance(chance: number): boolean {
    return this.generator.nextFloat() < chance;
  }

  /** The items in random order (a copy). */
  shuffled<T>(items: readonly T[]): T[] {
    return this.generator.shuffle([...items]);
  }
}

/** Fills `{name}` slots of a template from `values`; a slot without a value is an error. */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`fill: no value for {${name}} in "${template}"`);
    return String(value);
  });
}
