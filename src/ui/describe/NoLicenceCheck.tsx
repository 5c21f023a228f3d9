/**
 * The question before uploading files without a licence on a wiki that has a licence list (such
 * files may be deleted there): asked once for all the files about to go, answered for the batch.
 * With a structured format, a file that is the user's own work takes the wiki's own licence, so
 * only someone else's work without a picked licence counts.
 */
import { useEffect, useRef } from 'preact/hooks';
import { msg } from '../../i18n';
import type { UploadItem } from '../../upload/model';
import type { DescribeSetup } from './describeSetup';
import { BUTTON, DESTRUCTIVE, Message } from '../codex';

/** The ready files that would go without a licence. */
export function withoutLicence( items: UploadItem[], setup: DescribeSetup | null ): UploadItem[] {
	if ( !setup || !setup.licences.hasList ) {
		return [];
	}
	return items.filter( ( i ) => i.status.state === 'ready' && !i.fields.licence &&
		!( setup.structured && i.fields.ownWork !== false ) );
}

interface NoLicenceQuestionProps {
	count: number;
	onUpload(): void;
	onBack(): void;
}

export function NoLicenceQuestion( { count, onUpload, onBack }: NoLicenceQuestionProps ) {
	// The question appears where the Upload button was pressed: the focus goes to it.
	const back = useRef<HTMLButtonElement>( null );
	useEffect( () => back.current?.focus(), [] );
	return (
		<Message type="warning" class="uploaddialog-nolicence" role="alertdialog" labelledBy="uploaddialog-nolicence-text">
			<p id="uploaddialog-nolicence-text">{ msg( 'uploaddialog-nolicence-confirm', count ) }</p>
			<button ref={ back } type="button" class={ BUTTON } onClick={ onBack }>{ msg( 'uploaddialog-nolicence-back' ) }</button>
			<button type="button" class={ DESTRUCTIVE } onClick={ onUpload }>{ msg( 'uploaddialog-nolicence-upload' ) }</button>
		</Message>
	);
}
