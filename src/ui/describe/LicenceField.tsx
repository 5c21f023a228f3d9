/**
 * The licence of a file (or of the batch), from the wiki's own list, shown as Special:Upload
 * shows it: one select, "None selected" first, group headings as disabled entries, each level
 * indented by two no-break spaces (Licenses::makeHtml). Under it, the chosen licence as the wiki
 * renders it (action=parse of `{{template}}`: MediaWiki's HTML, so shown as HTML), or, with none
 * chosen, the warning that such files may be deleted on this wiki.
 */
import { useEffect, useState } from 'preact/hooks';
import type { LicenceNode } from '../../describe/licences';
import { msg } from '../../i18n';
import { Field } from '../fields';
import type { DescribeFieldsProps } from './DescribeFields';
import type { DescribeService } from './describeSetup';
import { Message, SELECT } from '../codex';
import { WikiHtml } from '../WikiHtml';

interface LicenceFieldProps {
	id: string;
	choices: LicenceNode[];
	value: string;
	disabled?: boolean;
	own?: boolean;
	/** The file's target name, for the rendering's title ({{PAGENAME}} in the licence). */
	filename: string;
	service?: DescribeService;
	onChange( template: string ): void;
}

interface Row {
	key: string;
	text: string;
	value: string;
	heading: boolean;
}

/** The select's entries in order: headings (disabled) and licences, indented by depth. */
export function licenceRows( nodes: LicenceNode[], depth = 0, path = '' ): Row[] {
	const indent = '\u00a0'.repeat( depth * 2 );
	const rows: Row[] = [];
	nodes.forEach( ( node, n ) => {
		const key = `${ path }${ n }`;
		if ( node.kind === 'group' ) {
			rows.push( { key, text: indent + node.text, value: '', heading: true } );
			rows.push( ...licenceRows( node.children, depth + 1, `${ key }.` ) );
		} else {
			rows.push( { key, text: indent + node.text, value: node.template, heading: false } );
		}
	} );
	return rows;
}

export function LicenceField( props: LicenceFieldProps ) {
	const { id, value } = props;
	const rendering = useLicenceRendering( props.service, value, props.filename );
	return (
		<Field id={ id } label={ msg( 'uploaddialog-field-licence' ) } own={ props.own }>
			<select
				id={ id }
				class={ SELECT }
				value={ value }
				disabled={ props.disabled }
				aria-describedby={ `${ id }-about${ props.own ? ` ${ id }-own` : '' }` }
				onChange={ ( e ) => props.onChange( ( e.target as HTMLSelectElement ).value ) }
			>
				{ licenceRows( props.choices ).map( ( row ) => row.heading ?
					<option key={ row.key } value="" disabled>{ row.text }</option> :
					<option key={ row.key } value={ row.value } title={ row.value ? `{{${ row.value }}}` : undefined }>{ row.text }</option> ) }
			</select>
			<div id={ `${ id }-about` } aria-live="polite">
				{ value === '' ?
					<Message type="warning" class="uploaddialog-licence-none"><p>{ msg( 'uploaddialog-licence-none' ) }</p></Message> :
					// MediaWiki parsed it (action=parse): it may be shown as HTML; its links (a licence's
					// deed, the wiki's policy) open in a new tab, so the dialog's list stays.
					rendering && <WikiHtml html={ rendering } class="uploaddialog-licence-preview" /> }
			</div>
		</Field>
	);
}

/** The chosen licence as the wiki renders it; '' while it loads or when it cannot be had. */
function useLicenceRendering( service: DescribeService | undefined, template: string, filename: string ): string {
	const [ html, setHtml ] = useState( '' );
	useEffect( () => {
		setHtml( '' );
		if ( !service || template === '' ) {
			return undefined;
		}
		const controller = new AbortController();
		service.licencePreview( template, filename, { signal: controller.signal } )
			.then( ( answer ) => controller.signal.aborted || setHtml( answer.html ) )
			.catch( () => undefined );
		return () => controller.abort();
		// The name matters to a few licences only; not worth a request per keystroke in the name.
	}, [ service, template ] );
	return html;
}

/** A file's licence field, from the card's describing props. */
export function FileLicence( { id, fields, setup, editable, own, set }: DescribeFieldsProps ) {
	return (
		<LicenceField
			id={ `${ id }-licence` }
			choices={ setup.licences.choices }
			value={ fields.licence || '' }
			disabled={ !editable }
			own={ own( 'licence' ) }
			filename={ fields.filename }
			service={ setup.service }
			onChange={ ( licence ) => set( { licence } ) }
		/>
	);
}
