/**
 * What the dialog itself can tell is wrong with a file before its turn sends a byte: its name,
 * an empty file, a file over the wiki's size limit.
 */
import type { SiteInfo } from '../api/types';
import { clientFailure, type UploadFailure } from './failures';
import type { UploadItem } from './model';
import { validateName } from './names';

export function problemBeforeSending( item: UploadItem, site: SiteInfo | null ): UploadFailure | null {
	const nameProblem = validateName( item.fields.filename );
	if ( nameProblem ) {
		return clientFailure( nameProblem );
	}
	if ( item.filekey || item.source.kind !== 'file' ) {
		return null;
	}
	if ( item.source.file.size === 0 ) {
		return clientFailure( 'empty-file' );
	}
	// The server would truncate an oversized chunked upload without a word (it clamps `filesize`)
	// and refuse it whole: never send a byte of it. The scheduler starts no file before the
	// site's limits are known.
	if ( site && item.source.file.size > site.maxUploadSize ) {
		return clientFailure( 'file-too-large-local', [ String( item.source.file.size ), String( site.maxUploadSize ) ] );
	}
	return null;
}
