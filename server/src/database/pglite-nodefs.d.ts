/**
 * `@electric-sql/pglite/nodefs` is a subpath export, which this project's `moduleResolution: node`
 * cannot see the types of (Node resolves it at run time). The part pglite-durability.ts uses.
 */
declare module '@electric-sql/pglite/nodefs' {
  import type { PGlite, PGliteOptions } from '@electric-sql/pglite';

  export class NodeFS {
    constructor(dataDir: string);
    init(pg: PGlite, opts: Record<string, unknown>): Promise<{ emscriptenOpts: Record<string, unknown> }>;
    closeFs(): Promise<void>;
  }

  /** What PGlite.create accepts as `fs`. */
  export type Filesystem = NonNullable<PGliteOptions['fs']>;
}
