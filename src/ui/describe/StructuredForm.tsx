/**
 * The structured form a wiki with a $wgUploadDialog format gets, as core's cross-wiki upload
 * dialog offers it: the description, the date, and "this is my own work"; for someone else's
 * work, its source and author, and the licence from the wiki's list where it has one. The page
 * text is built from these at commit time (src/upload/describedText.ts). The fields the wiki
 * turned off in $wgUploadDialog['fields'] are not shown (except the description: the page needs it).
 */
import { useState } from 'preact/hooks';
import { msg } from '../../i18n';
import { Field } from '../fields';
import type { DescribeFieldsProps } from './DescribeFields';
import { FileLicence } from './LicenceField';
import { Checkbox, TEXT_AREA, TEXT_INPUT } from '../codex';

/** Today as `YYYY-MM-DD` in the user's time zone: the latest date the field takes. */
export function today( now = new Date() ): string {
	const pad = ( n: number ) => ( n < 10 ? '0' : '' ) + n;
	return `${ now.getFullYear() }-${ pad( now.getMonth() + 1 ) }-${ pad( now.getDate() ) }`;
}

export function StructuredForm( props: DescribeFieldsProps ) {
	const { id, fields, setup, editable, set, own } = props;
	const shown = setup.structured || { description: true, date: true, categories: true };
	const ownWork = fields.ownWork !== false;
	// A date after today is refused (kept out of the fields), and said so.
	const [ future, setFuture ] = useState( false );
	const setDate = ( date: string ) => {
		setFuture( date > today() );
		if ( date <= today() ) {
			set( { date } );
		}
	};
	const value = ( e: Event ) => ( e.target as HTMLInputElement ).value;
	const describedBy = ( key: Parameters<typeof own>[ 0 ], fieldId: string ) => ( own( key ) ? `${ fieldId }-own` : undefined );
	return (
		<div class="uploaddialog-structured">
			<Field id={ `${ id }-description` } label={ msg( 'uploaddialog-field-description' ) } own={ own( 'description' ) }>
				<textarea id={ `${ id }-description` } class={ TEXT_AREA } rows={ 3 } value={ fields.description || '' } disabled={ !editable } aria-describedby={ describedBy( 'description', `${ id }-description` ) } onInput={ ( e ) => set( { description: value( e ) } ) } />
			</Field>
			{ shown.date && !props.dateElsewhere && (
				<Field id={ `${ id }-date` } label={ msg( 'uploaddialog-field-date' ) } own={ own( 'date' ) }>
					<input id={ `${ id }-date` } type="date" class={ TEXT_INPUT } max={ today() } value={ fields.date || '' } disabled={ !editable } aria-invalid={ future } aria-describedby={ [ describedBy( 'date', `${ id }-date` ), `${ id }-date-error` ].filter( Boolean ).join( ' ' ) } onInput={ ( e ) => setDate( value( e ) ) } />
					<p id={ `${ id }-date-error` } class="uploaddialog-error-text" role="alert">{ future ? msg( 'uploaddialog-date-future' ) : '' }</p>
				</Field>
			) }
			<Checkbox id={ `${ id }-ownwork` } checked={ ownWork } disabled={ !editable } onChange={ ( on ) => set( { ownWork: on } ) }>
				{ msg( 'uploaddialog-field-own-work' ) }
			</Checkbox>
			{ !ownWork && (
				<>
					<Field id={ `${ id }-source` } label={ msg( 'uploaddialog-field-source' ) } own={ own( 'source' ) }>
						<input id={ `${ id }-source` } class={ TEXT_INPUT } value={ fields.source || '' } disabled={ !editable } onInput={ ( e ) => set( { source: value( e ) } ) } />
					</Field>
					<Field id={ `${ id }-author` } label={ msg( 'uploaddialog-field-author' ) } own={ own( 'author' ) }>
						<input id={ `${ id }-author` } class={ TEXT_INPUT } value={ fields.author || '' } disabled={ !editable } onInput={ ( e ) => set( { author: value( e ) } ) } />
					</Field>
					{ setup.licences.hasList && (
						<FileLicence { ...props } />
					) }
				</>
			) }
		</div>
	);
}
