/**
 * Types for the parts of exifr's own modules that photoFacts.ts builds its reader from (exifr's
 * index.d.ts types the prebuilt bundles only). Only what is used is declared.
 */
declare module 'exifr/src/core.mjs' {
	/** Raw output: blocks by name, tags by number (translateKeys: false), `xmp` as the packet text. */
	export type RawBlock = Record<string | number, unknown>;
	export interface RawOutput {
		ifd0?: RawBlock;
		exif?: RawBlock;
		gps?: RawBlock & { latitude?: number; longitude?: number };
		xmp?: string;
		errors?: unknown[];
	}
	export function parse( input: Blob | ArrayBuffer | Uint8Array, options: Record<string, unknown> ): Promise<RawOutput | undefined>;
}
declare module 'exifr/src/file-readers/BlobReader.mjs';
declare module 'exifr/src/file-parsers/jpeg.mjs';
declare module 'exifr/src/file-parsers/heif.mjs';
declare module 'exifr/src/file-parsers/tiff.mjs';
declare module 'exifr/src/segment-parsers/tiff-exif.mjs';
declare module 'exifr/src/segment-parsers/xmp.mjs';
