/** The stencil path's memory of one template version (stencil.ts), shared with its snapshot (stencil-snapshot.ts). */

export type Piece = string | { readonly depth: number; readonly n: number };

export interface Node {
  /** The compiled probe document of this chain of shapes. */
  readonly html: string;
  /** Where this item's fragment is in `html` (the root's is all of it). */
  readonly start: number;
  readonly end: number;
  /** Where its children go in `html`, once the first one was learned. */
  at?: number;
  whole?: readonly Piece[];
  split?: readonly [readonly Piece[], readonly Piece[]];
}

export interface Model {
  /** Chain of shapes (root first, joined by newlines) → its node; null where the chain cannot be done this way. */
  readonly nodes: Map<string, Node | null>;
  /** Nodes learned so far. */
  learned: number;
  /** True once an issue was compared with the whole compile, awkward values included. */
  checked: boolean;
  off: boolean;
  /** Tokens MJML would trim (see edgeTokens): their values must not start or end with whitespace. */
  readonly edges: Set<number>;
  /** Issues whose HTML was joined (not compiled whole). */
  joined: number;
  /** Something was learned (or checked, or turned off) since the model was made, restored or last kept (stencilKept). */
  changed: boolean;
}
