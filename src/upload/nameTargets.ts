/**
 * Which name each file aims at now, the titles each name's check needs (its own, and those of
 * the two names the upload compares it with), and each name's verdict from what is known of
 * them. The NameChecker (nameChecker.ts) decides when to ask; this file answers "what is still
 * unknown" and "who is concerned".
 */
import { prepareName } from './nameRules';
import { evaluateName, titlesFor, type CheckContext, type NameCheck } from './nameVerdict';
import type { PrefixList } from './prefixList';
import { keyOf, type TitleCache } from './titleCache';

export class NameTargets {
	/** File id → the name it aims at now. */
	private readonly wanted = new Map<string, string>();
	private readonly fileNamespaces: string[];
	private readonly titles: TitleCache;
	private readonly prefixes: PrefixList;
	private readonly context: Omit<CheckContext, 'prefixes'>;

	constructor( fileNamespaces: string[], titles: TitleCache, prefixes: PrefixList, context: Omit<CheckContext, 'prefixes'> ) {
		this.fileNamespaces = fileNamespaces;
		this.titles = titles;
		this.prefixes = prefixes;
		this.context = context;
	}

	get size(): number {
		return this.wanted.size;
	}

	set( id: string, name: string ): void {
		this.wanted.set( id, name );
	}

	has( id: string ): boolean {
		return this.wanted.has( id );
	}

	delete( id: string ): void {
		this.wanted.delete( id );
	}

	clear(): void {
		this.wanted.clear();
	}

	/** The verdict for file `id`'s current name, or null while something it needs is unknown. */
	verdict( id: string ): NameCheck | null {
		const name = this.wanted.get( id );
		return name === undefined ? null : this.evaluate( name );
	}

	/** Whether a title file `id`'s name needs could not be asked (until the next change). */
	questionFailed( id: string ): boolean {
		const name = this.wanted.get( id );
		return name !== undefined && this.titlesOf( name ).some( ( title ) => this.titles.hasFailed( title ) );
	}

	/** Titles of wanted names that are neither known nor failed, each once, in the files' order. */
	unknownTitles(): string[] {
		const list: string[] = [];
		const seen = new Set<string>();
		this.wanted.forEach( ( name ) => {
			this.titlesOf( name ).forEach( ( title ) => {
				const key = keyOf( title );
				if ( !seen.has( key ) && !this.titles.isSettled( title ) ) {
					seen.add( key );
					list.push( title );
				}
			} );
		} );
		return list;
	}

	/** The files whose names need one of `titles` (every file for null), with those names. */
	concerned( titles: string[] | null ): Array<{ id: string; name: string }> {
		const keys = titles && new Set( titles.map( keyOf ) );
		const list: Array<{ id: string; name: string }> = [];
		this.wanted.forEach( ( name, id ) => {
			if ( !keys || this.titlesOf( name ).some( ( title ) => keys.has( keyOf( title ) ) ) ) {
				list.push( { id, name } );
			}
		} );
		return list;
	}

	/** The title of the name's own page ("File:Foo bar.jpg"), or undefined when the name is refused as it is. */
	mainTitle( name: string ): string | undefined {
		return this.titlesOf( name )[ 0 ];
	}

	/** A name's verdict, or null while something it needs is unknown. */
	evaluate( name: string ): NameCheck | null {
		const prepared = prepareName( name, this.fileNamespaces );
		const plan = titlesFor( prepared );
		if ( !plan ) {
			return evaluateName( prepared, null, { ...this.context, prefixes: [] } );
		}
		const main = this.titles.facts( plan.main );
		const variant = plan.variant === undefined ? undefined : this.titles.facts( plan.variant );
		const thumb = plan.thumb === undefined ? undefined : this.titles.facts( plan.thumb );
		const prefixes = this.prefixes.value;
		if ( !main || ( plan.variant && !variant ) || ( plan.thumb && !thumb ) || prefixes === null ) {
			return null;
		}
		return evaluateName( prepared, { main, variant, thumb }, { ...this.context, prefixes } );
	}

	/** The titles a name's check needs: its own first, then those of the names it is compared with. */
	private titlesOf( name: string ): string[] {
		const plan = titlesFor( prepareName( name, this.fileNamespaces ) );
		return plan ? [ plan.main, plan.variant, plan.thumb ].filter( ( t ): t is string => t !== undefined ) : [];
	}
}
