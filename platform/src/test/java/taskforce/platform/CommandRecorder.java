package taskforce.platform;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;

/** Records every command the driver sends, with the thread that sent it and its size on the wire. */
public final class CommandRecorder implements CommandListener {

    public record Sent(String thread, String command, String collection, int bytes) {}

    private final List<Sent> sent = new CopyOnWriteArrayList<>();

    @Override
    public void commandStarted(CommandStartedEvent event) {
        BsonValue target = event.getCommand().get(event.getCommandName());
        String collection =
                target != null && target.isString() ? target.asString().getValue() : "";
        int bytes = new RawBsonDocument(event.getCommand(), new BsonDocumentCodec())
                .getByteBuffer()
                .remaining();
        sent.add(new Sent(Thread.currentThread().getName(), event.getCommandName(), collection, bytes));
    }

    public List<Sent> sentBy(Thread thread) {
        return sent.stream().filter(s -> s.thread().equals(thread.getName())).toList();
    }

    public void clear() {
        sent.clear();
    }
}
