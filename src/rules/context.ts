// Where a load error or warning points: a chain of locations from the rules file down to the
// item, key or condition token concerned, the way Falco reports them (0-based line/column,
// byte offsets, item types spelled as Falco spells them).

export type ItemType =
  | 'value for'
  | 'exceptions'
  | 'exception'
  | 'exception values'
  | 'exception value'
  | 'rules content'
  | 'rules content item'
  | 'required_engine_version'
  | 'required plugin versions'
  | 'required plugin versions entry'
  | 'required plugin versions alternative'
  | 'list'
  | 'list item'
  | 'macro'
  | 'macro condition'
  | 'rule'
  | 'rule condition'
  | 'condition expression'
  | 'rule output'
  | 'rule output expression'
  | 'rule priority'
  | 'overrides'
  | 'extension item';

/** A position as Falco reports it: byte offset, 0-based line and column. */
export interface Position {
  pos: number;
  line: number;
  column: number;
}

export const ZERO_POSITION: Position = Object.freeze({ pos: 0, line: 0, column: 0 });

export interface Location {
  /** The content name: a file name, or a quoted prefix of a condition. */
  name: string;
  pos: Position;
  itemType: ItemType;
  itemName: string;
}

/** The 1-based position a condition parser or compiler reports. */
export interface ConditionPos {
  offset: number;
  line: number;
  col: number;
}

export class LoadContext {
  readonly locations: readonly Location[];
  /** For condition contexts: the condition text the snippet is taken from. */
  readonly altContent: string;

  private constructor(locations: readonly Location[], altContent: string) {
    this.locations = locations;
    this.altContent = altContent;
  }

  /** The context of a whole rules content (a file). */
  static forContent(name: string): LoadContext {
    return new LoadContext([{ name, pos: ZERO_POSITION, itemType: 'rules content', itemName: '' }], '');
  }

  /** A child location inside the same content. */
  child(pos: Position, itemType: ItemType, itemName = ''): LoadContext {
    return new LoadContext([...this.locations, { name: this.name, pos, itemType, itemName }], '');
  }

  /**
   * A location inside a condition string. Falco names it after the first characters of the
   * condition and adds the parser position to the parent's YAML position as is.
   */
  inCondition(at: ConditionPos, condition: string): LoadContext {
    let name = `"${condition.length > 20 ? `${condition.slice(0, 17)}..."` : `${condition}"`}`;
    name = name.replace(/[\n\r]/g, ' ');
    const last = this.locations[this.locations.length - 1].pos;
    const pos: Position = { pos: at.offset + last.pos, line: at.line + last.line, column: at.col + last.column };
    return new LoadContext(
      [...this.locations, { name, pos, itemType: 'condition expression', itemName: '' }],
      condition,
    );
  }

  /** The content name, i.e. the file the first location belongs to. */
  get name(): string {
    return this.locations[0].name;
  }
}
