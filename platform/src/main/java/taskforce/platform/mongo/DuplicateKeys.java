package taskforce.platform.mongo;

import com.mongodb.MongoServerException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * "That {@code _id} exists already", whichever layer reports it: Spring translates it to
 * {@link DuplicateKeyException} through MongoTemplate, the raw driver throws a server exception with code 11000.
 * Inserting under an id derived from the cause is how every service makes an effect happen once.
 */
public final class DuplicateKeys {

    private static final int DUPLICATE_KEY = 11000;

    private DuplicateKeys() {}

    public static boolean isDuplicateKey(RuntimeException e) {
        return e instanceof DuplicateKeyException
                || (e instanceof MongoServerException server && server.getCode() == DUPLICATE_KEY);
    }

    /** Inserts the document unless one with its id exists; returns whether it was inserted. */
    public static boolean insertIfAbsent(MongoTemplate mongo, Object document, String collection) {
        return insertIfAbsent(() -> mongo.insert(document, collection));
    }

    /**
     * Runs an insert (of a document, or of an aggregate with its events) unless its id exists already: the one way
     * every service inserts unless present. Returns whether it inserted; any other failure is thrown.
     */
    public static boolean insertIfAbsent(Runnable insert) {
        try {
            insert.run();
            return true;
        } catch (RuntimeException e) {
            if (isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }
}
