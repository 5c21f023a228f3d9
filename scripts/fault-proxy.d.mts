// Types of fault-proxy.mjs for the TypeScript tests and the benchmark.
import type { IncomingMessage } from 'node:http';

export type FaultKind = 'reset' | 'dropAnswer' | 'status503' | 'html502' | 'stall' | 'truncate' | 'badToken';
export declare const FAULT_KINDS: FaultKind[];
export declare function isUploadRequest( req: IncomingMessage ): boolean;

export interface FaultProxyOptions {
	target: string;
	port?: number;
	faults?: Partial<Record<FaultKind, number>>;
	match?: ( req: IncomingMessage ) => boolean;
	latencyMs?: number;
	upstreamBytesPerSecond?: number;
	stallMs?: number;
	seed?: number;
}

export interface FaultProxy {
	port: number;
	url: string;
	stats: {
		requests: number;
		matched: number;
		faults: Record<FaultKind, number>;
		/** Entry-starting requests that came again byte for byte after their answer was dropped: the browser's own resends. */
		startsResentByBrowser: number;
	};
	setFaults( faults: Partial<Record<FaultKind, number>> ): void;
	setBandwidth( bytesPerSecond: number | undefined ): void;
	failNext( kind: FaultKind, count?: number ): void;
	dropNextStartOnReusedConnection(): void;
	close(): Promise<void>;
}

export declare function startFaultProxy( options: FaultProxyOptions ): Promise<FaultProxy>;
