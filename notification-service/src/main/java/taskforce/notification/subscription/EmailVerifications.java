package taskforce.notification.subscription;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Repository;

/**
 * The pending proof that an e-mail subscription's address is read by someone who wants it
 * ({@code email_verifications}, subscription id in {@code _id}): only the SHA-256 of the link's token is kept,
 * with its expiry, so that a copy of the store cannot verify anything. Taking a verification deletes it, so a link
 * works once.
 */
@Repository
class EmailVerifications {

    static final String COLLECTION = "email_verifications";

    private final MongoTemplate mongo;
    private final SecureRandom random = new SecureRandom();

    EmailVerifications(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** A new random token for the subscription; returned once, stored hashed. */
    String issue(String subscriptionId, Instant expiresAt) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        mongo.save(
                new Document("_id", subscriptionId)
                        .append("tokenHash", hash(token))
                        .append("expiresAt", java.util.Date.from(expiresAt)),
                COLLECTION);
        return token;
    }

    /** Whether the token is the subscription's and not expired; a match is used up. */
    boolean take(String subscriptionId, String token, Instant now) {
        Document pending = mongo.findById(subscriptionId, Document.class, COLLECTION);
        if (pending == null || token == null) {
            return false;
        }
        boolean matches = MessageDigest.isEqual(
                hash(token).getBytes(StandardCharsets.US_ASCII),
                pending.getString("tokenHash").getBytes(StandardCharsets.US_ASCII));
        boolean current = pending.getDate("expiresAt").toInstant().isAfter(now);
        if (!matches || !current) {
            return false;
        }
        return mongo.remove(query(where("_id").is(subscriptionId)), COLLECTION).getDeletedCount() == 1;
    }

    void forget(String subscriptionId) {
        mongo.remove(query(where("_id").is(subscriptionId)), COLLECTION);
    }

    private static String hash(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
