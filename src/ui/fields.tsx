/**
 * What a file's card and the batch panel share: a labelled field, and the watchlist choices and
 * watch periods the upload API accepts. One place, so both offer exactly the same values.
 */
import type { ComponentChildren } from 'preact';
import { msg, type MessageKey } from '../i18n';

// What action=upload accepts for `watchlist`: ApiUpload offers only these three (no 'unwatch',
// unlike action=edit), and answers any other value with `badvalue` after the bytes are stashed.
export const WATCH_CHOICES = [ 'preferences', 'watch', 'nochange' ] as const;

export const EXPIRIES: ReadonlyArray<readonly [ string, MessageKey ]> = [
	[ 'infinite', 'uploaddialog-expiry-infinite' ],
	[ '1 week', 'uploaddialog-expiry-1week' ],
	[ '1 month', 'uploaddialog-expiry-1month' ],
	[ '3 months', 'uploaddialog-expiry-3months' ],
	[ '6 months', 'uploaddialog-expiry-6months' ],
	[ '1 year', 'uploaddialog-expiry-1year' ]
];

interface FieldProps {
	id: string;
	label: string;
	/** Set for this file alone: the batch's values leave it (the control names `${ id }-own` in aria-describedby). */
	own?: boolean;
	children: ComponentChildren;
}

export function Field( { id, label, own, children }: FieldProps ) {
	return (
		<div class="uploaddialog-field">
			<div class="uploaddialog-field-label">
				<label for={ id }>{ label }</label>
				{ own && <span id={ `${ id }-own` } class="uploaddialog-own">{ msg( 'uploaddialog-own-value' ) }</span> }
			</div>
			{ children }
		</div>
	);
}
