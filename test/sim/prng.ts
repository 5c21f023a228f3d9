/**
 * The simulation's only source of chance: a small seeded PRNG (mulberry32), so that a run is a
 * function of its seed. Every decision (sizes, names, latencies, faults, user actions) draws
 * from one of these; none uses Math.random.
 */
export class Prng {
	private state: number;

	constructor( seed: number ) {
		this.state = seed >>> 0;
	}

	/** A float in [0, 1). */
	next(): number {
		this.state = ( this.state + 0x6d2b79f5 ) >>> 0;
		let t = this.state;
		t = Math.imul( t ^ ( t >>> 15 ), t | 1 );
		t ^= t + Math.imul( t ^ ( t >>> 7 ), t | 61 );
		return ( ( t ^ ( t >>> 14 ) ) >>> 0 ) / 4294967296;
	}

	/** An integer in [min, max]. */
	int( min: number, max: number ): number {
		return min + Math.floor( this.next() * ( max - min + 1 ) );
	}

	chance( p: number ): boolean {
		return this.next() < p;
	}

	pick<T>( list: readonly T[] ): T {
		return list[ Math.floor( this.next() * list.length ) ];
	}

	/** An independent stream for one purpose, so adding draws elsewhere does not shift it. */
	fork( salt: number ): Prng {
		return new Prng( ( this.state ^ Math.imul( salt + 1, 0x9e3779b1 ) ) >>> 0 );
	}
}
