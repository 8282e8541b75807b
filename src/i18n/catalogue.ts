// The shape of a message catalogue, and the types that make a missing translation or a missing
// placeholder value a compile error rather than a 3 a.m. surprise.
//
// A message is a string with `{name}` placeholders, or plural forms keyed by Intl.PluralRules
// categories (`one`, `other`...) chosen by the `count` value. Korean has no plural forms, so its
// catalogue may answer a plural English message with one string.

export type PluralForms = { readonly one?: string; readonly two?: string; readonly few?: string; readonly many?: string; readonly zero?: string; readonly other: string };
export type MessageText = string | PluralForms;
export type Catalogue = Readonly<Record<string, MessageText>>;

/** Every key of `en`, each answered in another language (a plural may become one string). */
export type Translation<C extends Catalogue> = { readonly [K in keyof C]: C[K] extends string ? string : MessageText };

type Placeholders<S> = S extends `${string}{${infer Name}}${infer Rest}` ? Name | Placeholders<Rest> : never;
type TextsOf<M> = M extends string ? M : M extends PluralForms ? M[keyof M] & string : never;

/** A placeholder's value: text is shown as given; numbers are formatted for the reader's language. */
export type VarValue = string | number;

/** The values a message needs: one per placeholder, and `count` for plural forms. */
export type VarsOf<M> = ([Placeholders<TextsOf<M>>] extends [never] ? unknown : { readonly [N in Placeholders<TextsOf<M>>]: VarValue }) &
  (M extends PluralForms ? { readonly count: number } : unknown);
