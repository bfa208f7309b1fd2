package taskforce.intake.lead;

import com.mongodb.MongoServerException;
import org.springframework.dao.DuplicateKeyException;

/** Recognises "that _id exists already", whichever layer reports it. */
final class DuplicateKeys {

    private static final int DUPLICATE_KEY = 11000;

    private DuplicateKeys() {}

    static boolean is(RuntimeException e) {
        return e instanceof DuplicateKeyException
                || (e instanceof MongoServerException server && server.getCode() == DUPLICATE_KEY);
    }
}
