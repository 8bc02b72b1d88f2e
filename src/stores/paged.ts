import { defineView, forget, isBusy, useBusy, useRequest, type RequestKey, type View } from './request'
import type { Tag } from './tags'

/** What a store keeps of a list loaded a page at a time, newest first. */
export interface PagedList<T> {
  items: T[]
  /** Where the next page starts (the last page's `nextCursor`); null at the end. */
  cursor: string | null
  complete: boolean
}

/** One page as the contract answers it (`?cursor=&limit=` → `nextCursor`), whatever the list's field is called. */
export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

export interface PagedListDefinition<T, A> {
  /** The first page's view name; the next pages' is `<name>-more`. */
  name: string
  /** What the list shows: an action changing one of these loads the first page again (the list starts again). */
  tags: readonly Tag[]
  /** The first page's request key; the next pages' ends in `-more`. */
  key: RequestKey
  fetch: (cursor: string | null, limit: number) => Promise<A>
  /** The answer's items and next cursor. */
  pageOf: (answer: A) => Page<T>
  /** The list as its store holds it (its own field names). */
  read: () => PagedList<T>
  write: (list: PagedList<T>) => void
  /** Takes what an action's answer already tells (a new line) before the refresh lands. */
  patch?: (answer: unknown) => void
  /**
   * Lines never change once written (the points ledger): a first page loaded again keeps the pages the member scrolled
   * through below it (mergeFirstPage). Lists whose lines change in place (an order refunded, a voucher used, a gift
   * sent) start again instead.
   */
  appendOnly?: boolean
}

export interface PagedListViews extends MorePages {
  /** The first page: replaces what was loaded (of an append-only list, only its head when the member scrolled further). */
  view: View<void, unknown>
}

export interface MorePages {
  moreKey: RequestKey
  /** The next page, for infinite scroll (useReachBottom); does nothing at the end or while a page loads. */
  loadMore: () => Promise<void>
}

const PAGE_SIZE = 20

/**
 * A list that grows with the member's history (积分明细, 我的订单, 兑换记录): the first page is a view refreshed by
 * its tags; each next page is applied only if it still follows what is shown (the first page may have been loaded
 * again meanwhile).
 */
export function definePagedList<T, A>(d: PagedListDefinition<T, A>): PagedListViews {
  const moreKey: RequestKey = [d.key[0], ...d.key.slice(1, -1), `${String(d.key[d.key.length - 1])}-more`]
  const view = defineView({
    name: d.name,
    tags: d.tags,
    key: () => d.key,
    fetch: () => d.fetch(null, PAGE_SIZE),
    apply: (answer: A) => {
      const page = d.pageOf(answer)
      const merged = d.appendOnly ? mergeFirstPage(d.read(), page) : null
      if (merged) return d.write(merged)
      d.write({ items: page.items, cursor: page.nextCursor, complete: page.nextCursor === null })
      // The list starts again: a next page that failed (or is on its way) belonged to the list before.
      forget(moreKey)
    },
    patch: d.patch,
  })
  const more = defineMorePages({ ...d, name: `${d.name}-more`, key: moreKey, firstKey: d.key })
  return { view: view as View<void, unknown>, ...more }
}

/**
 * An append-only list's first page loaded again (the page shown again, an action's tags) while the member has scrolled
 * through more pages: when the fresh page ends on a line the list holds — the same line, unchanged — it takes the
 * head's place and the older lines below stay, with where the next page starts; the member keeps their place. Null
 * otherwise (the fresh page is the whole list, or does not reach what is shown): the list starts again.
 */
function mergeFirstPage<T>(list: PagedList<T>, page: Page<T>): PagedList<T> | null {
  const last = page.items.at(-1)
  if (!last || page.nextCursor === null || list.items.length <= page.items.length) return null
  const same = JSON.stringify(last)
  const at = list.items.findIndex((x) => JSON.stringify(x) === same)
  if (at < 0) return null
  return { items: [...page.items, ...list.items.slice(at + 1)], cursor: list.cursor, complete: list.complete }
}

export interface MorePagesDefinition<T, A> extends Pick<PagedListDefinition<T, A>, 'pageOf' | 'read' | 'write'> {
  name: string
  /** The next pages' request key; whoever loads the first page again forgets it (the list starts again). */
  key: RequestKey
  /** The first page's: no next page is asked for while it loads. */
  firstKey: RequestKey
  fetch: (cursor: string, limit: number) => Promise<A>
}

/** The next pages of a list whose first page comes some other way (`definePagedList`'s view, or a larger answer). */
export function defineMorePages<T, A>(d: MorePagesDefinition<T, A>): MorePages {
  const more = defineView({
    name: d.name,
    // Not refreshed by tags: a refresh of the first page starts the list again.
    tags: [],
    key: () => d.key,
    fetch: (cursor: string) => d.fetch(cursor, PAGE_SIZE),
    apply: (answer: A, cursor) => {
      const page = d.pageOf(answer)
      const list = d.read()
      if (list.cursor !== cursor) return
      d.write({ items: [...list.items, ...page.items], cursor: page.nextCursor, complete: page.nextCursor === null })
    },
  })
  const loadMore = async () => {
    const { cursor, complete } = d.read()
    if (complete || !cursor || isBusy(d.key) || isBusy(d.firstKey)) return
    await more.load(cursor)
  }
  return { moreKey: d.key, loadMore }
}

/** The foot of a paged list (ListFooter): a next page on its way, or one that failed. */
export function useMoreState(list: MorePages): { loadingMore: boolean; moreFailed: boolean } {
  return { loadingMore: useBusy(list.moreKey), moreFailed: useRequest(list.moreKey).status === 'error' }
}
