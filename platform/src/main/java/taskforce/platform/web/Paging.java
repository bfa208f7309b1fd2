package taskforce.platform.web;

import taskforce.platform.refusal.InvalidField;

/**
 * The page and size a list endpoint was asked for, checked by the one rule every paged endpoint of every service
 * uses: {@code size} from 1 to the endpoint's maximum, {@code page} from 0 to as far as an int offset reaches with
 * the largest size, so {@code page × size} never wraps round. Anything else is 400 problem details naming the
 * parameter, never a 500 or a silently different page.
 */
public record Paging(int page, int size) {

    public static Paging of(long page, long size, int maxSize) {
        if (size < 1 || size > maxSize) {
            throw new InvalidField("size", "size must be between 1 and " + maxSize);
        }
        long lastPage = Integer.MAX_VALUE / maxSize;
        if (page < 0 || page > lastPage) {
            throw new InvalidField("page", "page must be between 0 and " + lastPage);
        }
        return new Paging((int) page, (int) size);
    }

    /** How many items come before this page: at most {@link Integer#MAX_VALUE} by construction. */
    public int offset() {
        return page * size;
    }
}
