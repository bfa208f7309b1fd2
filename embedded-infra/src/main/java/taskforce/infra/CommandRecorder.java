package taskforce.infra;

import com.mongodb.event.CommandFailedEvent;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.event.CommandSucceededEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;

/**
 * Records every command the MongoDB driver sends, with the thread that sent it and its size on the wire. Register it
 * with {@code MongoClientSettings.Builder.addCommandListener} (in a Spring service, a {@code
 * MongoClientSettingsBuilderCustomizer}); {@link IndexCoverage} reads what it recorded to find collection scans.
 *
 * <p>The command documents of reads and writes are kept (a copy, the driver reuses its buffers), since their filters
 * and sorts are what a scan check needs; every other command is kept by name only.
 */
public final class CommandRecorder implements CommandListener {

    /** Commands whose filter or sort decides how the store finds documents, and those that declare indexes. */
    static final Set<String> SHAPED =
            Set.of("find", "update", "delete", "findAndModify", "aggregate", "count", "distinct", "createIndexes");

    public static final Set<String> WRITES = Set.of("insert", "update", "delete", "findAndModify");

    /**
     * One command. {@code beyondId} is, for a read or write whose filter names more than {@code _id} alone (or no
     * {@code _id}), its command and filter keys ({@code "update {_id, ids.499}"}): mongo-java-server as released
     * answers such a filter by scanning the collection unless a unique index has exactly those keys ({@link
     * IdFirstBackends} looks up by {@code _id} those that fix it), so a benchmark can show which filters rely on that.
     */
    public record Sent(
            String thread,
            String command,
            String database,
            String collection,
            int bytes,
            BsonDocument document,
            String beyondId) {

        public Sent(
                String thread, String command, String database, String collection, int bytes, BsonDocument document) {
            this(thread, command, database, collection, bytes, document, null);
        }
    }

    private final ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
    private final AtomicLong replyBytes = new AtomicLong();
    private final boolean keepDocuments;

    /** Keeps the filters and sorts of reads and writes, for {@link IndexCoverage}. */
    public CommandRecorder() {
        this(true);
    }

    private CommandRecorder(boolean keepDocuments) {
        this.keepDocuments = keepDocuments;
    }

    /** Keeps names and sizes only: a long load's replaced documents would fill the heap. */
    public static CommandRecorder countingOnly() {
        return new CommandRecorder(false);
    }

    private volatile boolean listening = true;

    /** Stops recording until {@link #resume()}: a recorder shared by a whole suite records only what a test asks. */
    public void pause() {
        listening = false;
    }

    public void resume() {
        listening = true;
    }

    @Override
    public void commandStarted(CommandStartedEvent event) {
        if (!listening) {
            return;
        }
        BsonValue target = event.getCommand().get(event.getCommandName());
        String collection =
                target != null && target.isString() ? target.asString().getValue() : "";
        RawBsonDocument raw = new RawBsonDocument(event.getCommand(), new BsonDocumentCodec());
        BsonDocument kept =
                keepDocuments && SHAPED.contains(event.getCommandName()) ? raw.decode(new BsonDocumentCodec()) : null;
        sent.add(new Sent(
                Thread.currentThread().getName(),
                event.getCommandName(),
                event.getDatabaseName(),
                collection,
                raw.getByteBuffer().remaining(),
                kept,
                beyondId(event.getCommandName(), raw)));
    }

    /** See {@link Sent#beyondId}; null when every filter of the command is {@code _id} alone. */
    static String beyondId(String command, BsonDocument document) {
        List<BsonValue> filters = new ArrayList<>();
        switch (command) {
            case "find" -> filters.add(document.get("filter"));
            case "findAndModify", "count", "distinct" -> filters.add(document.get("query"));
            case "update" ->
                document.getArray("updates", new BsonArray())
                        .forEach(one -> filters.add(one.asDocument().get("q")));
            case "delete" ->
                document.getArray("deletes", new BsonArray())
                        .forEach(one -> filters.add(one.asDocument().get("q")));
            default -> {
                return null;
            }
        }
        for (BsonValue filter : filters) {
            Set<String> keys =
                    filter != null && filter.isDocument() ? filter.asDocument().keySet() : Set.of();
            if (!keys.equals(Set.of("_id"))) {
                return command + " "
                        + new TreeSet<>(keys).toString().replace('[', '{').replace(']', '}');
            }
        }
        return null;
    }

    @Override
    public void commandSucceeded(CommandSucceededEvent event) {
        BsonDocument reply = event.getResponse();
        if (reply != null) {
            replyBytes.addAndGet(new RawBsonDocument(reply, new BsonDocumentCodec())
                    .getByteBuffer()
                    .remaining());
        }
    }

    @Override
    public void commandFailed(CommandFailedEvent event) {}

    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    public List<Sent> sentBy(Thread thread) {
        return sent.stream().filter(s -> s.thread().equals(thread.getName())).toList();
    }

    /** Commands that change documents (one {@code update} command may carry several statements; it counts once). */
    public long writes() {
        return sent.stream().filter(s -> WRITES.contains(s.command())).count();
    }

    public long replyBytes() {
        return replyBytes.get();
    }

    public void clear() {
        sent.clear();
        replyBytes.set(0);
    }

    /**
     * The indexes a store holds on the collections the recorded commands touched, as the {@code createIndexes}
     * commands that declared them, for {@link IndexCoverage} when they were declared at start-up, before the
     * recording began. {@code indexesOf} lists a collection's indexes as the driver does ({@code listIndexes}).
     */
    public static List<Sent> declaredIndexes(
            String database, List<Sent> sent, Function<String, Iterable<Document>> indexesOf) {
        List<Sent> declared = new ArrayList<>();
        for (String collection :
                new TreeSet<>(sent.stream().map(Sent::collection).toList())) {
            if (collection.isEmpty()) {
                continue;
            }
            BsonArray indexes = new BsonArray();
            for (Document index : indexesOf.apply(collection)) {
                BsonDocument key = new BsonDocument();
                index.get("key", Document.class).keySet().forEach(field -> key.put(field, new BsonString("1")));
                indexes.add(new BsonDocument("key", key));
            }
            declared.add(new Sent(
                    "test",
                    "createIndexes",
                    database,
                    collection,
                    0,
                    new BsonDocument("createIndexes", new BsonString(collection)).append("indexes", indexes)));
        }
        return declared;
    }
}
