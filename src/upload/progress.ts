/** Speed and time left from (time, bytes) samples: a short window, so the figure follows the link. */

export interface Sample {
	at: number;
	bytes: number;
}

export const SPEED_WINDOW_MS = 5000;

export class SpeedMeter {
	private samples: Sample[] = [];

	/** Record that `bytes` of the file are sent at time `at` (ms). */
	add( at: number, bytes: number ): void {
		this.samples.push( { at, bytes } );
		while ( this.samples.length > 2 && at - this.samples[ 1 ].at > SPEED_WINDOW_MS ) {
			this.samples.shift();
		}
	}

	/** Bytes per second over the window; null with less than half a second of samples. */
	bytesPerSecond(): number | null {
		const first = this.samples[ 0 ];
		const last = this.samples[ this.samples.length - 1 ];
		if ( !first || !last || last.at - first.at < 500 || last.bytes < first.bytes ) {
			return null;
		}
		return ( last.bytes - first.bytes ) / ( ( last.at - first.at ) / 1000 );
	}

	reset(): void {
		this.samples = [];
	}
}

export function secondsLeft( sent: number, total: number, bytesPerSecond: number | null ): number | null {
	if ( !bytesPerSecond || bytesPerSecond <= 0 ) {
		return null;
	}
	return Math.max( 0, ( total - sent ) / bytesPerSecond );
}
