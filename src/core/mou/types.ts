/** The text of an MoU: what the campaign template holds and each pair's version edits. */
export interface MouArticle {
  number: number;
  title: string;
  clauses: string[];
}

export interface MouContent {
  /** Legal bases ("Căn cứ …"), one paragraph each. */
  preamble: string[];
  articles: MouArticle[];
}
