/**
 * The dialog's controls in Codex's CSS-only markup: MediaWiki's `codex-styles` module (a
 * dependency of the dialog's gadget line, so it loads with the dialog, never on page views) draws
 * them as the wiki's own forms, light and dark, on every skin. The `uploaddialog-*` class beside
 * each Codex one is the dialog's hook for layout (src/ui/styles/) and for tests, not a second look.
 */
import type { ComponentChildren } from 'preact';

export const BUTTON = 'uploaddialog-button cdx-button';
/** The way forward of a part of the dialog (Choose files, Resume, Retry …). */
export const PROGRESSIVE = `${ BUTTON } cdx-button--action-progressive`;
/** The dialog's main action (Upload): the one filled button. */
export const PRIMARY = `${ PROGRESSIVE } cdx-button--weight-primary`;
/** An action that destroys or replaces something (overwrite a file, publish without a licence). */
export const DESTRUCTIVE = `${ BUTTON } cdx-button--action-destructive`;
export const TEXT_INPUT = 'uploaddialog-input cdx-text-input__input';
export const TEXT_AREA = 'uploaddialog-input cdx-text-area__textarea';
export const SELECT = 'uploaddialog-input cdx-select';

interface CheckboxProps {
	id: string;
	checked: boolean;
	disabled?: boolean;
	/** Side by side with others (the tags), not one per line. */
	inline?: boolean;
	describedBy?: string;
	onChange( checked: boolean ): void;
	children: ComponentChildren;
}

/** Codex's checkbox: the real input (invisible, on top), the drawn box after it, the label tied by `for`. */
export function Checkbox( { id, checked, disabled, inline, describedBy, onChange, children }: CheckboxProps ) {
	return (
		<span class={ `uploaddialog-check cdx-checkbox${ inline ? ' cdx-checkbox--inline' : '' }` }>
			<span class="cdx-checkbox__wrapper">
				<input
					id={ id }
					type="checkbox"
					class="cdx-checkbox__input"
					checked={ checked }
					disabled={ disabled }
					aria-describedby={ describedBy }
					onChange={ ( e ) => onChange( ( e.target as HTMLInputElement ).checked ) }
				/>
				<span class="cdx-checkbox__icon" />
				<label for={ id } class="cdx-checkbox__label">{ children }</label>
			</span>
		</span>
	);
}

export type MessageType = 'notice' | 'warning' | 'error' | 'success';

interface MessageProps {
	type: MessageType;
	/** The dialog's own classes for the box (layout). */
	class?: string;
	role?: 'status' | 'alert' | 'group' | 'alertdialog';
	id?: string;
	labelledBy?: string;
	/** A part of the page with its own heading is a <section>. */
	section?: boolean;
	children: ComponentChildren;
}

/** Codex's message box: its icon (drawn by the CSS, hidden from screen readers) and the content beside it. */
export function Message( { type, class: own, role, id, labelledBy, section, children }: MessageProps ) {
	const Box = section ? 'section' : 'div';
	return (
		<Box id={ id } class={ `cdx-message cdx-message--block cdx-message--${ type }${ own ? ` ${ own }` : '' }` } role={ role } aria-labelledby={ labelledBy }>
			<span class="cdx-message__icon" aria-hidden="true" />
			<div class="cdx-message__content">{ children }</div>
		</Box>
	);
}
