// The normalized text of a DOCX or PDF: block texts joined by \n, each put() answering with the span
// the text got, so every block's offsets point at exactly its text.
import type { Span } from '../blocks.ts';

export class JoinedText {
  private readonly pieces: string[] = [];
  /** Length of the text so far. */
  offset = 0;

  put(s: string): Span {
    if (this.pieces.length > 0) {
      this.pieces.push('\n');
      this.offset += 1;
    }
    this.pieces.push(s);
    const span = { charStart: this.offset, charEnd: this.offset + s.length };
    this.offset += s.length;
    return span;
  }

  /** An empty span at the end of the text so far. */
  here(): Span {
    return { charStart: this.offset, charEnd: this.offset };
  }

  /** An empty span where the next text will start: an empty thing belongs with what follows it. */
  next(): Span {
    const at = this.pieces.length > 0 ? this.offset + 1 : this.offset;
    return { charStart: at, charEnd: at };
  }

  toString(): string {
    return this.pieces.join('');
  }
}
