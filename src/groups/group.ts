/** A support line: a named set of the team's users. A user may be in several. */
export interface Group {
  readonly id: string;
  readonly teamId: string;
  readonly name: string;
  /** User ids, sorted. */
  readonly memberIds: readonly string[];
}

export function groupView(g: Group) {
  return { id: g.id, name: g.name, memberIds: g.memberIds };
}
