/** The part of fontkit (MIT, pdfkit's font parser) the PDF renderer uses: parse a font file once. */
declare module 'fontkit' {
  export interface Font {
    readonly postscriptName: string;
    readonly numGlyphs: number;
  }
  export function create(buffer: Buffer | Uint8Array, postscriptName?: string): Font | { fonts: Font[] };
}
