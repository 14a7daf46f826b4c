export const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "3 pages and 1 saved conversation": what "Delete everything" removes, and what an export holds. */
export function pagesAndConversations(pages: number, conversations: number): string {
  return `${count(pages, 'page', 'pages')} and ${count(conversations, 'saved conversation', 'saved conversations')}`;
}
